// The safe GraphQL endpoint as one list of yoga plugins (docs/security.md). It goes first in the
// gateway's plugin list: the rate limit and the /metrics guard answer before any route does.
import { useDisableIntrospection } from '@envelop/disable-introspection';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { Config } from '../../config/schema.ts';
import type { Logger } from '../../logger.ts';
import type { Authenticator } from '../auth.ts';
import { useCostLimit } from './cost.ts';
import { useErrorHygiene } from './errors.ts';
import { useQueryLimits } from './limits.ts';
import { RateLimiter, useRateLimit } from './rate-limit.ts';
import { useMetricsGuard } from './route-guard.ts';

export interface SecurityDeps {
  redis: Redis;
  auth: Authenticator;
  log: Logger;
  /** @default process.env.NODE_ENV */
  nodeEnv?: string | undefined;
  /** The limiter to use when `rateLimit` is configured (the HTTP fast path shares it). */
  limiter?: RateLimiter | undefined;
}

/** Whether error messages keep graphql-js's "Did you mean …?" (off in production by default). */
export const fieldSuggestions = (config: Config, nodeEnv = process.env.NODE_ENV): boolean => config.graphql.fieldSuggestions ?? nodeEnv !== 'production';

export function useSecurity(config: Config, deps: SecurityDeps): Plugin[] {
  const production = (deps.nodeEnv ?? process.env.NODE_ENV) === 'production';
  const plugins: Plugin[] = [];
  if (config.rateLimit) {
    const limiter = deps.limiter ?? new RateLimiter(deps.redis, config.keyPrefix, config.rateLimit);
    plugins.push(useRateLimit({ limiter, auth: deps.auth, log: deps.log }));
  }
  plugins.push(useMetricsGuard({ auth: deps.auth, publicMetrics: config.auth.publicMetrics }));
  if (!(config.graphql.introspection ?? !production)) plugins.push(useDisableIntrospection() as Plugin);
  plugins.push(...useQueryLimits(config.graphql.limits), useCostLimit(config.graphql.limits));
  plugins.push(useErrorHygiene({ suggestions: fieldSuggestions(config, deps.nodeEnv) }));
  return plugins;
}

export { RateLimiter } from './rate-limit.ts';
export { operationCost } from './cost.ts';
