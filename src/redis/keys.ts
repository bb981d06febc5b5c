// Redis key layout. Every key is tenant-scoped and hash-tagged so that all keys of one customer
// (or of one tenant's customer-less data) hash to one Redis Cluster slot; see docs/redis-keys.md.

/** Ids may contain ':' '{' '}' or spaces; encoding keeps the hash tag and separators unambiguous. */
const enc = (s: string): string => encodeURIComponent(s);

/** The hash-tagged base of every key that belongs to one customer of one tenant. */
export function customerBase(prefix: string, tenant: string, customerId: string): string {
  return `${prefix}:{${enc(tenant)}:${enc(customerId)}}`;
}

/** The hash-tagged base of a tenant's customer-less keys (knowledge documents, source stats). */
export function tenantBase(prefix: string, tenant: string): string {
  return `${prefix}:{${enc(tenant)}}`;
}

/** Suffixes under a base; one place so the layout doc and the code cannot drift apart. */
export const K = {
  /** HASH: marks the customer as known (firstSeenAt, lastEventAt). */
  meta: 'meta',
  /** ZSET: applied event ids scored by event time, trimmed at the retention horizon. */
  seen: 'seen',
  /** HASH: attribute name -> current record {v,s,t,e}. */
  attr: 'attr',
  /** ZSET: every attribute version {n,v,s,t,e} scored by event time, for asOf reads. */
  attrLog: 'attrlog',
  /** ZSET: stored events (JSON) scored by event time, capped per customer. */
  events: 'events',
  /** LIST: memory items, newest first. */
  memory: 'mem',
  /** Aggregate tiles live under `agg:<name>:...`. */
  agg: 'agg',
  /** HASH (tenant base): source name -> stats JSON. */
  sources: 'sources',
  /** HASH: document id -> version {t,e,n,c,d} of the customer's (or, on the tenant base, knowledge) documents. */
  docs: 'docs',
  /** STRING (tenant base): counter bumped by every knowledge write; in-memory knowledge snapshots reload when it moves. */
  knowledgeVersion: 'kver',
} as const;

export const keyOf = (base: string, suffix: string): string => `${base}:${suffix}`;

/** Every key of a customer starts with this; used by forgetCustomer's SCAN. */
export const customerPattern = (base: string): string =>
  `${base.replace(/[*?[\]\\]/g, (c) => `\\${c}`)}:*`;
