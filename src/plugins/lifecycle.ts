// Runs the plugins' lifecycle hooks for a gateway: setup (state), schema extensions, health, teardown.
import type { Redis } from 'ioredis';
import { PluginError } from '../errors.ts';
import type { RawItem } from '../ingest/ingest.ts';
import { customerBase } from '../redis/keys.ts';
import type { SchemaExtension } from '../schema/index.ts';
import type { Services } from '../server/services.ts';
import { bindResolvers } from './bind.ts';
import type { LoadedPlugin, PluginRegistry } from './registry.ts';
import type { PluginSetupContext } from './types.ts';

/** How long `Query.sources` waits for a plugin's `health()`. */
const HEALTH_TIMEOUT_MS = 2000;

export interface SetupHost {
  redis: Redis;
  services: Services;
}

const asItems = (events: readonly unknown[]): RawItem[] => events.map((value) => ({ ok: true, value }));

/** Calls every `setup` in load order; its result becomes the plugin's `state`. A throw stops start-up. */
export async function setupPlugins(registry: PluginRegistry, host: SetupHost): Promise<void> {
  for (const p of registry.plugins) {
    if (!p.def.setup) continue;
    const ctx: PluginSetupContext<unknown> = {
      name: p.name,
      options: p.options,
      log: p.log,
      redis: host.redis,
      services: host.services,
      customerBase: (tenant, customerId) => customerBase(host.services.prefix, tenant, customerId),
      ingest: (tenant, events) => host.services.ingestor.ingest(tenant, asItems(events)),
    };
    try {
      p.state = (await p.def.setup(ctx)) ?? undefined;
    } catch (err) {
      throw new PluginError(p.name, `setup failed: ${(err as Error).message}`);
    }
  }
}

/** Teardown in reverse load order; one failing plugin does not keep the others from closing. */
export async function teardownPlugins(registry: PluginRegistry): Promise<void> {
  for (const p of [...registry.plugins].reverse()) {
    try {
      await p.def.teardown?.(p);
    } catch (err) {
      p.log.error({ err }, 'teardown failed');
    }
  }
}

/** The plugin's typeDefs and resolvers, resolvers bound to its runtime (`ctx.plugin`). */
export function pluginExtension(p: LoadedPlugin): SchemaExtension {
  return { typeDefs: p.def.typeDefs, resolvers: p.def.resolvers ? bindResolvers(p.def.resolvers, p) : undefined };
}

export const pluginExtensions = (registry: PluginRegistry): SchemaExtension[] => registry.plugins.map(pluginExtension);

/** `health()` answered true (or there is none); a throw, false or a slow answer is unhealthy. */
export async function pluginHealthy(p: LoadedPlugin): Promise<boolean> {
  if (!p.def.health) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), HEALTH_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([Promise.resolve(p.def.health(p)), timeout])) === true;
  } catch (err) {
    p.log.warn({ err }, 'health check failed');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
