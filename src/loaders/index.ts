// Per-request DataLoaders: every Redis read of one GraphQL operation is batched per tick, so
// `customers(ids: [100 ids]) { profile }` costs a constant number of round trips.
import DataLoader from 'dataloader';
import type { AggregateValue } from '../aggregates/read.ts';
import type { AttributeRecord } from '../attributes/store.ts';
import type { DocumentHit, DocumentQuery } from '../documents/types.ts';
import type { StoredEvent } from '../events/types.ts';
import type { MemoryItem } from '../memory/store.ts';
import type { RealtimeLoaders } from '../realtime/service.ts';
import { customerBase } from '../redis/keys.ts';
import type { Services } from '../server/services.ts';

export interface EventsKey {
  customerId: string;
  types: readonly string[] | null;
  limit: number;
  asOf: number | null;
}

export interface AsOfKey {
  customerId: string;
  asOf: number;
}

export interface AggregatesKey {
  customerId: string;
  names: readonly string[] | null;
  asOf: number | null;
}

export interface MemoryKey {
  customerId: string;
  limit: number;
}

export interface Loaders {
  memory: DataLoader<MemoryKey, MemoryItem[], string>;
  aggregates: DataLoader<AggregatesKey, AggregateValue[], string>;
  exists: DataLoader<string, boolean>;
  attributes: DataLoader<string, AttributeRecord[]>;
  attributesAsOf: DataLoader<AsOfKey, AttributeRecord[], string>;
  events: DataLoader<EventsKey, StoredEvent[], string>;
  /** Realtime fetchers (docs/realtime.md); their DataLoaders are made on first use. */
  realtime: RealtimeLoaders;
  /** Vector searches of the request: their query texts are embedded in one call. */
  documents: DataLoader<DocumentQuery, DocumentHit[], string>;
}

export function createLoaders(services: Services, tenant: string, now: number = Date.now()): Loaders {
  const base = (id: string): string => customerBase(services.prefix, tenant, id);
  return {
    memory: new DataLoader((keys) => services.memory.recent(keys.map((k) => ({ base: base(k.customerId), limit: k.limit }))), {
      cacheKeyFn: (k) => `${k.customerId}:${k.limit}`,
    }),
    aggregates: new DataLoader(
      (keys) => services.aggregates.read(keys.map((k) => ({ base: base(k.customerId), names: k.names, asOf: k.asOf })), now),
      { cacheKeyFn: (k) => JSON.stringify([k.customerId, k.names, k.asOf]) },
    ),
    exists: new DataLoader((ids) => services.customers.exists(ids.map(base))),
    attributes: new DataLoader((ids) => services.attributes.current(ids.map(base))),
    attributesAsOf: new DataLoader(
      async (keys) => {
        const byTime = new Map<number, AsOfKey[]>();
        for (const k of keys) byTime.set(k.asOf, [...(byTime.get(k.asOf) ?? []), k]);
        const results = new Map<string, AttributeRecord[]>();
        await Promise.all(
          [...byTime].map(async ([asOf, group]) => {
            const recs = await services.attributes.asOf(group.map((k) => base(k.customerId)), asOf);
            group.forEach((k, i) => results.set(`${k.customerId}@${asOf}`, recs[i] ?? []));
          }),
        );
        return keys.map((k) => results.get(`${k.customerId}@${k.asOf}`) ?? []);
      },
      { cacheKeyFn: (k) => `${k.customerId}@${k.asOf}` },
    ),
    events: new DataLoader(
      (keys) => services.timeline.read(keys.map((k) => ({ base: base(k.customerId), types: k.types, limit: k.limit, asOf: k.asOf }))),
      { cacheKeyFn: (k) => JSON.stringify([k.customerId, k.types, k.limit, k.asOf]) },
    ),
    realtime: services.realtime.forRequest(tenant),
    documents: new DataLoader((keys) => services.documents.search(tenant, keys), {
      cacheKeyFn: (k) => JSON.stringify([k.customerId, k.query, k.k, k.asOf, k.filter]),
    }),
  };
}
