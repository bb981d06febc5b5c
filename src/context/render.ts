// Renders packed items as compact sectioned text: one line per item with its source and age.
import { formatAge } from '../util/duration.ts';
import type { Candidate, ContextKind } from './types.ts';

const SECTIONS: [ContextKind, string][] = [
  ['ATTRIBUTE', 'Profile'],
  ['MEMORY', 'The customer told us'],
  ['EVENT', 'Recent activity'],
  ['AGGREGATE', 'Activity summary'],
  ['REALTIME', 'Right now'],
  ['DOCUMENT', 'Documents'],
];

export const headerOf = (customerId: string, asOf: number): string => `Context for customer ${customerId} as of ${new Date(asOf).toISOString()}`;

export const sectionTitle = (kind: ContextKind): string => `## ${SECTIONS.find(([k]) => k === kind)?.[1] ?? kind}`;

export function lineOf(c: Candidate, asOf: number): string {
  const age = c.observedAt === null ? '' : `, ${formatAge(asOf - c.observedAt)}`;
  return `- ${c.text.replace(/\s+/g, ' ').trim()} [${c.source}${age}]`;
}

/** Sections in a fixed order; within one, the items' order (best first) is kept. */
export function render(customerId: string, asOf: number, items: readonly Candidate[]): string {
  const out = [headerOf(customerId, asOf)];
  for (const [kind] of SECTIONS) {
    const mine = items.filter((i) => i.kind === kind);
    if (!mine.length) continue;
    out.push(sectionTitle(kind), ...mine.map((i) => lineOf(i, asOf)));
  }
  return out.join('\n');
}
