// The security sections of the config: documented defaults, strict validation.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/errors.ts';

describe('security config', () => {
  it('defaults: limits on, rate limit off, /metrics private', () => {
    const c = parseConfig({});
    expect(c.graphql.limits).toEqual({ maxDepth: 10, maxAliases: 15, maxDirectives: 50, maxTokens: 5000, maxCost: 50_000, defaultListSize: 20 });
    expect(c.graphql.introspection).toBeUndefined(); // decided from NODE_ENV
    expect(c.graphql.fieldSuggestions).toBeUndefined();
    expect(c.rateLimit).toBeUndefined();
    expect(c.auth.publicMetrics).toBe(false);
  });

  it('rate limit window takes a duration and defaults to 1m', () => {
    expect(parseConfig({ rateLimit: { requestsPerWindow: 100 } }).rateLimit).toEqual({ requestsPerWindow: 100, window: 60_000 });
    expect(parseConfig({ rateLimit: { requestsPerWindow: 5, window: '10s' } }).rateLimit).toEqual({ requestsPerWindow: 5, window: 10_000 });
  });

  it('unknown keys and bad values are refused, every problem at once', () => {
    const bad = () => parseConfig({ graphql: { limits: { maxDepht: 3, maxCost: 0 } }, rateLimit: { requestsPerWindow: 0 } });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      const text = (err as ConfigError).problems.join('\n');
      expect(text).toMatch(/graphql\.limits.*maxDepht/);
      expect(text).toMatch(/graphql\.limits\.maxCost/);
      expect(text).toMatch(/rateLimit\.requestsPerWindow/);
    }
  });
});
