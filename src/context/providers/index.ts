// The providers one context request runs: the core levels plus every plugin's items.
import type { RequestContext } from '../../server/services.ts';
import type { Provider } from '../types.ts';
import { aggregatesProvider, attributesProvider, eventsProvider, memoryProvider } from './core.ts';

/** Extra providers registered by subsystems (retrieval adds documents and knowledge). */
export type ProviderFactory = (ctx: RequestContext) => Provider;

export function providersFor(ctx: RequestContext, extra: readonly ProviderFactory[]): Provider[] {
  const { loaders, services } = ctx;
  const fromPlugins: Provider[] = services.registry.plugins.flatMap((p) => {
    const c = p.def.context;
    if (!c) return [];
    return [{ name: p.def.name, realtime: c.realtime ?? false, gather: (req) => c.items({ ...req, plugin: { options: p.options }, loaders }) }];
  });
  return [
    attributesProvider(loaders, services),
    aggregatesProvider(loaders, services),
    eventsProvider(loaders, services.registry),
    memoryProvider(loaders, services),
    ...extra.map((f) => f(ctx)),
    ...fromPlugins,
  ];
}
