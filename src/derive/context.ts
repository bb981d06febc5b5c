// What a plugin's `derive` handler reads: the customer's aggregates and stored events, through the
// same batched stores the GraphQL reads use.
import type { AggregateService } from '../aggregates/service.ts';
import type { GatewayEvent } from '../events/types.ts';
import type { LoadedPlugin } from '../plugins/registry.ts';
import type { DeriveContext } from '../plugins/types.ts';
import type { TimelineStore } from '../timeline/store.ts';

export interface DeriveReaders {
  aggregates: AggregateService;
  timeline: TimelineStore;
}

export const msOf = (t: Date | number | undefined): number | undefined => (t instanceof Date ? t.getTime() : t);

export function deriveContext(readers: DeriveReaders, base: string, event: GatewayEvent, plugin: LoadedPlugin): DeriveContext {
  return {
    options: plugin.options,
    log: plugin.log,
    // Event time by default: a retried derivation sees the data as it stood then, not what came later.
    aggregates: async (names, opts) => {
      const [values] = await readers.aggregates.read([{ base, names: names ?? null, asOf: msOf(opts?.asOf) ?? event.timestamp }], Date.now());
      return values ?? [];
    },
    recentEvents: async (opts = {}) => {
      const [events] = await readers.timeline.read([{ base, types: opts.types ?? null, limit: opts.limit ?? 20, asOf: msOf(opts.asOf) ?? null }]);
      return events ?? [];
    },
  };
}
