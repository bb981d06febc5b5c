// The version of every document, kept in Redis next to its owner's other keys: which event wrote it
// last (event time, then id, like attributes), how many chunks it has, and when it was created.
// It lets an older event never overwrite a newer document, and tells which chunks became stale.
import type { Redis } from 'ioredis';
import { readBatcher } from '../redis/batch.ts';
import { K, customerBase, keyOf, tenantBase } from '../redis/keys.ts';

export interface DocumentVersion {
  /** Event time of the last change, ms. */
  t: number;
  /** Event id of the last change. */
  e: string;
  /** Chunks written by the last change (0 once deleted). */
  n: number;
  /** Creation time (event time of the first upsert since the last deletion), ms. */
  c: number;
  /** Set on a tombstone, so a late, older upsert does not bring a deleted document back. */
  d?: 1;
}

export interface DocumentRef {
  customerId: string | null;
  documentId: string;
}

/** True when version `a` (time, then id) is later than `b`. */
export const isLater = (a: Pick<DocumentVersion, 't' | 'e'>, b: Pick<DocumentVersion, 't' | 'e'>): boolean =>
  a.t > b.t || (a.t === b.t && a.e > b.e);

export class DocumentVersions {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(tenant: string, customerId: string | null): string {
    return keyOf(customerId === null ? tenantBase(this.prefix, tenant) : customerBase(this.prefix, tenant, customerId), K.docs);
  }

  /** One round trip for all refs. */
  async read(tenant: string, refs: readonly DocumentRef[]): Promise<(DocumentVersion | null)[]> {
    if (!refs.length) return [];
    const p = this.redis.pipeline();
    for (const r of refs) p.hget(this.key(tenant, r.customerId), r.documentId);
    const replies = (await p.exec()) ?? [];
    return replies.map(([err, raw]) => {
      if (err) throw err;
      return typeof raw === 'string' ? (JSON.parse(raw) as DocumentVersion) : null;
    });
  }

  /** Also bumps the tenant's knowledge version when a knowledge document changed (after the store was written). */
  async write(tenant: string, entries: readonly (DocumentRef & { version: DocumentVersion })[]): Promise<void> {
    if (!entries.length) return;
    const p = this.redis.pipeline();
    for (const x of entries) p.hset(this.key(tenant, x.customerId), x.documentId, JSON.stringify(x.version));
    if (entries.some((x) => x.customerId === null)) p.incr(this.knowledgeVersionKey(tenant));
    for (const [err] of (await p.exec()) ?? []) if (err) throw err;
  }

  /** Which owners have documents, and the tenant's knowledge version ("0" before the first write); one batched read. */
  async probe(tenant: string, owners: readonly string[]): Promise<{ exists: boolean[]; knowledgeVersion: string }> {
    const replies = await readBatcher(this.redis).run((p) => {
      for (const owner of owners) p.exists(this.key(tenant, owner));
      p.get(this.knowledgeVersionKey(tenant));
    });
    const values = replies.map(([err, v]) => {
      if (err) throw err;
      return v;
    });
    const version = values.pop();
    return { exists: values.map((n) => n === 1), knowledgeVersion: typeof version === 'string' ? version : '0' };
  }

  private knowledgeVersionKey(tenant: string): string {
    return keyOf(tenantBase(this.prefix, tenant), K.knowledgeVersion);
  }
}
