// Reads of the batch level: current attributes (one HGETALL) and attributes as of a past time.
import type { Redis } from 'ioredis';
import { readBatcher } from '../redis/batch.ts';
import { K, keyOf } from '../redis/keys.ts';

export type Freshness = 'FRESH' | 'STALE' | 'MISSING';

export interface AttributeRecord {
  name: string;
  value: unknown;
  source: string;
  observedAt: number;
  eventId: string;
}

export interface Attribute {
  name: string;
  value: unknown;
  source: string;
  observedAt: Date;
  status: Freshness;
}

interface RawRecord {
  n?: string;
  v: unknown;
  s: string;
  t: number;
  e: string;
}

const fromRaw = (name: string, r: RawRecord): AttributeRecord => ({ name, value: r.v, source: r.s, observedAt: r.t, eventId: r.e });

/** Parses an HGETALL of the `attr` hash; a cleared attribute (null) is left out. */
export function parseCurrent(hash: Record<string, string>): AttributeRecord[] {
  const out: AttributeRecord[] = [];
  for (const [name, json] of Object.entries(hash)) {
    const rec = fromRaw(name, JSON.parse(json) as RawRecord);
    if (rec.value !== null) out.push(rec);
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** Reduces the version log (ascending by time) to each attribute's value as of its end. */
export function reduceLog(members: string[]): AttributeRecord[] {
  const latest = new Map<string, AttributeRecord>();
  for (const json of members) {
    const raw = JSON.parse(json) as RawRecord;
    const rec = fromRaw(raw.n ?? '', raw);
    const cur = latest.get(rec.name);
    if (!cur || rec.observedAt > cur.observedAt || (rec.observedAt === cur.observedAt && rec.eventId > cur.eventId)) {
      latest.set(rec.name, rec);
    }
  }
  return [...latest.values()].filter((r) => r.value !== null).sort((a, b) => a.name.localeCompare(b.name));
}

/** Attribute TTLs: a value older than its TTL (relative to asOf, or now) is STALE. */
export class AttributeFreshness {
  constructor(
    private readonly ttl: Readonly<Record<string, number>>,
    private readonly defaultTtl: number | undefined,
  ) {}

  status(rec: AttributeRecord, at: number): Freshness {
    const ttl = this.ttl[rec.name] ?? this.defaultTtl;
    return ttl !== undefined && at - rec.observedAt > ttl ? 'STALE' : 'FRESH';
  }

  present(records: AttributeRecord[], at: number): Attribute[] {
    return records.map((r) => ({ name: r.name, value: r.value, source: r.source, observedAt: new Date(r.observedAt), status: this.status(r, at) }));
  }
}

export class AttributeStore {
  constructor(private readonly redis: Redis) {}

  /** Current attributes of many customers in one round trip. */
  async current(bases: readonly string[]): Promise<AttributeRecord[][]> {
    const replies = await readBatcher(this.redis).run((p) => {
      for (const base of bases) p.hgetall(keyOf(base, K.attr));
    });
    return replies.map(([err, hash]) => {
      if (err) throw err;
      return parseCurrent(hash as Record<string, string>);
    });
  }

  /** Attributes as they stood at `asOf` (ms) for many customers in one round trip. */
  async asOf(bases: readonly string[], asOf: number): Promise<AttributeRecord[][]> {
    const replies = await readBatcher(this.redis).run((p) => {
      for (const base of bases) p.zrangebyscore(keyOf(base, K.attrLog), '-inf', asOf);
    });
    return replies.map(([err, members]) => {
      if (err) throw err;
      return reduceLog(members as string[]);
    });
  }
}
