// The shape of a plugin object, checked when it loads: a plugin from a path or a package is
// untyped at run time, and a wrong shape should fail at start with its path, not at the first event.
import { z } from 'zod';

const fn = z.custom<(...args: unknown[]) => unknown>((v) => typeof v === 'function', 'must be a function');
const zodSchema = z.custom<z.ZodType>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { safeParse?: unknown }).safeParse === 'function',
  'must be a zod schema, e.g. z.object({...})',
);

const eventTypeShape = z.looseObject({
  payload: zodSchema.optional(),
  customer: z.enum(['required', 'optional', 'none']).optional(),
  description: z.string().optional(),
  attributes: fn.optional(),
  derive: fn.optional(),
});

export const pluginShape = z.looseObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 of A-Z a-z 0-9 _ . - starting with a letter'),
  version: z.string().optional(),
  description: z.string().optional(),
  kind: z.string().min(1).optional(),
  options: zodSchema.optional(),
  dependsOn: z.array(z.string().min(1)).optional(),
  eventTypes: z.record(z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'event types are 1-128 of A-Z a-z 0-9 _ . : -'), eventTypeShape).optional(),
  aggregations: z.array(z.unknown()).optional(),
  typeDefs: z.string().optional(),
  resolvers: z.record(z.string(), z.unknown()).optional(),
  setup: fn.optional(),
  teardown: fn.optional(),
  health: fn.optional(),
  importRecord: fn.optional(),
  demo: fn.optional(),
  describeAggregate: fn.optional(),
  context: z.looseObject({ realtime: z.boolean().optional(), items: fn }).optional(),
  /** Realtime fetchers; their settings are checked when the gateway builds them (src/realtime/options.ts). */
  fetchers: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'fetcher names are 1-64 of A-Z a-z 0-9 _ - starting with a letter'), z.looseObject({ fetch: fn })).optional(),
  /** Agent tools (src/tools/plugin-tools.ts checks each entry against the schema). */
  tools: z.array(z.union([z.string().min(1), z.instanceof(URL), z.looseObject({ name: z.string().optional(), document: z.string() })])).optional(),
});

/** Keys this version knows; others are warned about (a typo like `evenTypes` would else pass silently). */
export const KNOWN_KEYS: ReadonlySet<string> = new Set(Object.keys(pluginShape.shape));

export const formatZodIssues = (error: z.ZodError): string =>
  error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
