// Default one-line texts for attributes, aggregates and events, used when a plugin gives none.
import type { AggregateValue } from '../aggregates/read.ts';
import type { StoredEvent } from '../events/types.ts';

const MAX = 200;
const clip = (s: string): string => (s.length > MAX ? `${s.slice(0, MAX - 1)}…` : s);

export function valueText(v: unknown): string {
  if (v === null || v === undefined) return 'none';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : v.toFixed(2);
  if (Array.isArray(v)) return v.map(itemText).join(', ');
  return clip(JSON.stringify(v));
}

/** topK entries `{value, count}` read as "japan ×12"; timed values as their value. */
function itemText(v: unknown): string {
  if (v && typeof v === 'object' && 'value' in v) {
    const o = v as { value: unknown; count?: unknown };
    return typeof o.count === 'number' ? `${valueText(o.value)} ×${o.count}` : valueText(o.value);
  }
  return valueText(v);
}

const WINDOW_WORDS: Record<string, string> = { '1h': 'the last hour', '24h': 'the last 24 hours', '1d': 'the last day', '7d': 'the last 7 days', '30d': 'the last 30 days', lifetime: 'all time' };
export const windowWords = (w: string): string => WINDOW_WORDS[w] ?? `the last ${w}`;

export function describeAggregateDefault(a: AggregateValue): string {
  const label = a.name.replace(/_/g, ' ');
  return clip(`${label} (${a.function}, ${windowWords(a.window)}): ${valueText(a.value)}`);
}

export function describeEventDefault(e: StoredEvent): string {
  const fields = Object.entries(e.payload ?? {})
    .filter(([, v]) => v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  return clip(fields ? `${e.type}: ${fields}` : e.type);
}
