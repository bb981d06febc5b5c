// Config sections of the safe GraphQL endpoint (docs/security.md): query limits and the per-key
// rate limit. Kept apart from schema.ts so the security defaults are documented in one place.
import { z } from 'zod';
import { durationSchema } from '../util/duration.ts';

const limit = (max: number) => z.number().int().min(1).max(max);

export const graphqlLimitsSchema = z
  .strictObject({
    /** Deepest selection nesting (introspection's `__schema` excluded). @default 10 */
    maxDepth: limit(1000).default(10),
    /** Aliases in one operation. @default 15 */
    maxAliases: limit(10_000).default(15),
    /** Directives in one operation. @default 50 */
    maxDirectives: limit(10_000).default(50),
    /** Lexical tokens in one document (an inline list of 1000 ids is ~1000 tokens). @default 5000 */
    maxTokens: limit(1_000_000).default(5000),
    /**
     * Most fields an operation may resolve, counting each field once per item of every list
     * around it; list sizes come from arguments (`limit`, `k`, `first`, `last`, or a list argument's
     * length such as `ids`). @default 50000
     */
    maxCost: limit(1_000_000_000).default(50_000),
    /** Items assumed for a list field whose size no argument bounds. @default 20 */
    defaultListSize: limit(100_000).default(20),
  })
  .prefault({});

export const rateLimitSchema = z.strictObject({
  /** Requests one API key (or, when open, one tenant) may make per window. */
  requestsPerWindow: z.number().int().min(1),
  /** Fixed window length, e.g. "1m". @default 1m */
  window: durationSchema.default(60_000),
});

export type GraphqlLimits = z.output<typeof graphqlLimitsSchema>;
export type RateLimitConfig = z.output<typeof rateLimitSchema>;
