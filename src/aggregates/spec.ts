// How a plugin declares a streaming aggregation: the zod schema (validated once, at load) and its type.
import { z } from 'zod';
import { formatDuration, parseDuration } from './duration.ts';

export const AGG_FUNCTIONS = ['count', 'sum', 'min', 'max', 'avg', 'distinct', 'lastN', 'topK', 'first', 'last'] as const;
export type AggFunction = (typeof AGG_FUNCTIONS)[number];

/** Functions that need a numeric `field`. */
export const NUMERIC_FUNCTIONS: readonly AggFunction[] = ['sum', 'min', 'max', 'avg'];
/** Functions that need some `field` (numeric or not). */
const FIELD_REQUIRED: readonly AggFunction[] = [...NUMERIC_FUNCTIONS, 'distinct', 'topK'];

/** The event as aggregations see it (a structural subset of the gateway's event). */
export interface AggEvent {
  id: string;
  type: string;
  customerId: string | null;
  /** Event time, ms since the epoch. */
  timestamp: number;
  payload: Record<string, unknown>;
}

export type AggPredicate = (event: AggEvent) => boolean;
/** `{ "payload.path": value }` equality (all must hold) or a predicate; an array means all of them. */
export type AggFilter = Record<string, unknown> | AggPredicate;

const duration = z.string().refine((s) => parseDuration(s) !== undefined, {
  message: 'expected a duration such as "90s", "15m", "1h" or "7d"',
});
const windowText = z.string().refine((s) => s === 'lifetime' || parseDuration(s) !== undefined, {
  message: 'expected a duration such as "1h", "24h", "7d", or "lifetime"',
});
const predicate = z.custom<AggPredicate>((v) => typeof v === 'function', 'expected a function (event) => boolean');
const filterPart = z.union([z.record(z.string(), z.unknown()), predicate]);

const base = z.strictObject({
  /** Unique per gateway; a GraphQL-friendly name (it is part of Redis keys too). */
  name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'use letters, digits and _, starting with a letter or _'),
  eventTypes: z.array(z.string().min(1)).min(1),
  function: z.enum(AGG_FUNCTIONS),
  /** Dot path into the payload (`"amount"`, `"geo.city"`); the whole payload when omitted (count, lastN, first, last). */
  field: z.string().min(1).optional(),
  filter: z.union([filterPart, z.array(filterPart)]).optional(),
  windows: z.array(windowText).min(1),
  /** @default 1m for windows up to 1d, 10m up to 7d, 1h up to 31d, else 1d (then reduced to divide every window) */
  tile: duration.optional(),
  /** Older than this (newest contributing event vs the read time) the value is STALE. @default never stale */
  ttl: duration.optional(),
  /** lastN: how many values. @default 10 */
  n: z.number().int().min(1).max(1000).optional(),
  /** topK: how many values. @default 10 */
  k: z.number().int().min(1).max(1000).optional(),
});

export const AggregationSpecSchema = base.superRefine((s, ctx) => {
  for (const message of specProblems(s)) ctx.addIssue({ code: 'custom', message });
});

/** What a plugin writes in `definePlugin({ aggregations: [...] })`. */
export type AggregationSpec = z.input<typeof AggregationSpecSchema>;
export type ParsedAggregationSpec = z.output<typeof AggregationSpecSchema>;

/** Largest number of tiles one window may span (reads enumerate them). */
export const MAX_TILES_PER_WINDOW = 20_160;

const DAY = 86_400_000;
const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** Window lengths in ms, `null` for lifetime. */
export const windowMs = (w: string): number | null => (w === 'lifetime' ? null : (parseDuration(w) ?? null));

/** The tile size a spec gets: declared, or a default that divides every finite window. */
export function tileMsOf(s: Pick<ParsedAggregationSpec, 'tile' | 'windows'>): number {
  if (s.tile !== undefined) return parseDuration(s.tile) ?? 60_000;
  const finite = s.windows.map(windowMs).filter((w): w is number => w !== null);
  const max = Math.max(0, ...finite);
  const coarse = max <= DAY ? 60_000 : max <= 7 * DAY ? 600_000 : max <= 31 * DAY ? 3_600_000 : DAY;
  return finite.reduce(gcd, coarse);
}

function specProblems(s: z.output<typeof base>): string[] {
  const out: string[] = [];
  const at = `aggregation "${s.name}"`;
  if (FIELD_REQUIRED.includes(s.function) && !s.field) out.push(`${at}: function ${s.function} needs a field`);
  if (s.n !== undefined && s.function !== 'lastN') out.push(`${at}: n applies to lastN only`);
  if (s.k !== undefined && s.function !== 'topK') out.push(`${at}: k applies to topK only`);
  if (new Set(s.windows).size !== s.windows.length) out.push(`${at}: a window is listed twice`);
  const tile = tileMsOf(s);
  for (const w of s.windows) {
    const ms = windowMs(w);
    if (ms === null) continue;
    if (ms % tile !== 0) out.push(`${at}: window ${w} is not a multiple of its tile ${formatDuration(tile)}`);
    else if (ms / tile > MAX_TILES_PER_WINDOW) {
      out.push(`${at}: window ${w} spans ${ms / tile} tiles of ${formatDuration(tile)}; declare a coarser tile (at most ${MAX_TILES_PER_WINDOW} tiles a window)`);
    }
  }
  return out;
}

export const parseDurationOrNull = (text: string | undefined): number | null =>
  text === undefined ? null : (parseDuration(text) ?? null);
