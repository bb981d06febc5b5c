// Turns validated declarations into what the write and read paths use: sizes in ms, a matcher
// and a value extractor per aggregation, and an index by event type.
import { AggregationSpecError } from './errors.ts';
import { formatDuration } from './duration.ts';
import {
  AggregationSpecSchema,
  NUMERIC_FUNCTIONS,
  parseDurationOrNull,
  tileMsOf,
  windowMs,
  type AggEvent,
  type AggFilter,
  type AggFunction,
  type AggregationSpec,
} from './spec.ts';

export interface CompiledWindow {
  label: string;
  /** null: lifetime. */
  ms: number | null;
}

export interface CompiledAggregation {
  name: string;
  fn: AggFunction;
  eventTypes: string[];
  windows: CompiledWindow[];
  tileMs: number;
  /** Tiles per v/e key: the largest finite window, so a window read touches at most two keys. */
  tilesPerBucket: number;
  maxWindowMs: number;
  hasLifetime: boolean;
  ttlMs: number | null;
  /** lastN: n; last/first: 1; topK: k. */
  n: number;
  /** The value the event contributes, or undefined when it does not count for this aggregation. */
  valueOf(event: AggEvent): unknown;
}

export interface CompiledAggregations {
  list: CompiledAggregation[];
  byName: Map<string, CompiledAggregation>;
  byType: Map<string, CompiledAggregation[]>;
  retentionMs: number;
}

export interface CompileOptions {
  /** How far back events are accepted and tiles kept; must cover every finite window. */
  retentionMs: number;
}

/** A dot path into the payload (`a.b.c`); undefined when any step is missing. */
export function pathValue(payload: unknown, path: string): unknown {
  let cur: unknown = payload;
  for (const step of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

const same = (a: unknown, b: unknown): boolean =>
  a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));

function matcher(filter: AggFilter | AggFilter[] | undefined): (e: AggEvent) => boolean {
  const parts = filter === undefined ? [] : Array.isArray(filter) ? filter : [filter];
  const tests = parts.map((p) =>
    typeof p === 'function'
      ? p
      : (e: AggEvent) => Object.entries(p).every(([path, want]) => same(pathValue(e.payload, path), want)),
  );
  return (e) => tests.every((t) => t(e));
}

function extractor(fn: AggFunction, field: string | undefined, filter: AggFilter | AggFilter[] | undefined) {
  const matches = matcher(filter);
  const numeric = NUMERIC_FUNCTIONS.includes(fn);
  return (e: AggEvent): unknown => {
    if (!matches(e)) return undefined;
    const v = field ? pathValue(e.payload, field) : e.payload;
    if (v === undefined || v === null) return undefined;
    if (numeric && !(typeof v === 'number' && Number.isFinite(v))) return undefined;
    return v;
  };
}

function compileOne(input: AggregationSpec, opts: CompileOptions): CompiledAggregation {
  const parsed = AggregationSpecSchema.safeParse(input);
  if (!parsed.success) {
    const name = (input as { name?: unknown }).name;
    throw new AggregationSpecError(
      parsed.error.issues.map((i) => `${i.path.length ? `${String(name)}.${i.path.join('.')}: ` : ''}${i.message}`),
    );
  }
  const s = parsed.data;
  const tileMs = tileMsOf(s);
  const windows = s.windows.map((label) => ({ label, ms: windowMs(label) }));
  const finite = windows.map((w) => w.ms).filter((m): m is number => m !== null);
  const maxWindowMs = Math.max(0, ...finite);
  if (maxWindowMs > opts.retentionMs) {
    throw new AggregationSpecError([
      `aggregation "${s.name}": window ${formatDuration(maxWindowMs)} is longer than the retention ${formatDuration(opts.retentionMs)}`,
    ]);
  }
  return {
    name: s.name,
    fn: s.function,
    eventTypes: s.eventTypes,
    windows,
    tileMs,
    tilesPerBucket: Math.max(1, Math.ceil(maxWindowMs / tileMs)),
    maxWindowMs,
    hasLifetime: windows.some((w) => w.ms === null),
    ttlMs: parseDurationOrNull(s.ttl),
    n: s.function === 'lastN' ? (s.n ?? 10) : s.function === 'topK' ? (s.k ?? 10) : 1,
    valueOf: extractor(s.function, s.field, s.filter),
  };
}

/** Validates and compiles every declaration; throws one AggregationSpecError listing all problems. */
export function compileAggregations(specs: readonly AggregationSpec[], opts: CompileOptions): CompiledAggregations {
  const problems: string[] = [];
  const list: CompiledAggregation[] = [];
  for (const spec of specs) {
    try {
      list.push(compileOne(spec, opts));
    } catch (err) {
      if (!(err instanceof AggregationSpecError)) throw err;
      problems.push(...err.problems);
    }
  }
  const byName = new Map<string, CompiledAggregation>();
  for (const a of list) {
    if (byName.has(a.name)) problems.push(`aggregation "${a.name}" is declared twice`);
    byName.set(a.name, a);
  }
  if (problems.length) throw new AggregationSpecError(problems);
  const byType = new Map<string, CompiledAggregation[]>();
  for (const a of list) for (const t of a.eventTypes) byType.set(t, [...(byType.get(t) ?? []), a]);
  return { list, byName, byType, retentionMs: opts.retentionMs };
}
