// The gateway's fetchers, built once from the loaded plugins, and the per-request loaders that
// dedupe and batch the calls of one GraphQL operation (DataLoaders made on first use).
import DataLoader from 'dataloader';
import type { Redis } from 'ioredis';
import { PluginError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { RealtimeCache } from './cache.ts';
import { Fetcher } from './fetcher.ts';
import { resolveFetcherOptions } from './options.ts';
import type { Fetched, FetcherDefinition } from './types.ts';

export interface RealtimeServiceOptions {
  redis: Redis;
  prefix: string;
  registry: PluginRegistry;
  log: Logger;
  /** For tests of the breaker's cooldown. @default Date.now */
  clock?: () => number;
}

export interface FetcherStatus {
  plugin: string;
  fetcher: string;
  breaker: 'closed' | 'open' | 'half-open';
  inFlight: number;
}

export class RealtimeService {
  private readonly byDef = new Map<FetcherDefinition<any, any, any>, Fetcher>();

  constructor(o: RealtimeServiceOptions) {
    const cache = new RealtimeCache(o.redis, o.prefix, o.log.child({ component: 'realtime' }));
    for (const p of o.registry.plugins) {
      for (const [name, def] of Object.entries(p.def.fetchers ?? {})) {
        const problems: string[] = [];
        const options = resolveFetcherOptions(def, p.options, problems);
        if (problems.length) throw new PluginError(p.name, `fetcher "${name}": ${problems.join('; ')}`);
        if (this.byDef.has(def)) throw new PluginError(p.name, `fetcher "${name}" is the same object as another plugin's fetcher`);
        this.byDef.set(def, new Fetcher(def, options, { plugin: p.name, name, options: p.options, cache, log: p.log, clock: o.clock }));
      }
    }
  }

  /** The running fetcher of a definition a plugin declared under `fetchers`. */
  get<K, V>(def: FetcherDefinition<K, V, any>): Fetcher<K, V> {
    const f = this.byDef.get(def);
    if (!f) throw new Error('this fetcher is not declared under `fetchers` of a loaded plugin');
    return f as Fetcher<K, V>;
  }

  /** Breaker state and calls in flight per fetcher (this process). */
  status(): FetcherStatus[] {
    return [...this.byDef.values()].map((f) => ({ plugin: f.host.plugin, fetcher: f.host.name, breaker: f.breaker.state, inFlight: f.limit.inFlight }));
  }

  forRequest(tenant: string): RealtimeLoaders {
    return new RealtimeLoaders(this, tenant);
  }
}

/** Per request: one DataLoader per fetcher, made when first used, so other requests pay nothing. */
export class RealtimeLoaders {
  private loaders: Map<Fetcher, DataLoader<unknown, Fetched<unknown>, string>> | undefined;

  constructor(
    private readonly service: RealtimeService,
    private readonly tenant: string,
  ) {}

  /** The value for `key`, from the cache or the source; rejects with a RealtimeSourceError. */
  load<K, V>(def: FetcherDefinition<K, V, any>, key: K): Promise<Fetched<V>> {
    const fetcher = this.service.get(def);
    this.loaders ??= new Map();
    let loader = this.loaders.get(fetcher);
    if (!loader) {
      loader = new DataLoader<unknown, Fetched<unknown>, string>((keys) => fetcher.load(this.tenant, keys as K[]), {
        cacheKeyFn: (k) => fetcher.keyOf(k as K),
      });
      this.loaders.set(fetcher, loader);
    }
    return loader.load(key) as Promise<Fetched<V>>;
  }
}
