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

/** An item's line is `body + suffix`: the text, which repeats across requests, then source and age. */
export const bodyOf = (text: string): string => `- ${text.replace(/\s+/g, ' ').trim()}`;

export function suffixOf(c: Candidate, asOf: number): string {
  return c.observedAt === null ? ` [${c.source}]` : ` [${c.source}, ${formatAge(asOf - c.observedAt)}]`;
}

export const lineOf = (c: Candidate, asOf: number): string => bodyOf(c.text) + suffixOf(c, asOf);

/** The prompt's lines: sections in a fixed order; within one, the items' order (best first) is kept. */
export function renderLines<T extends Candidate, L>(header: L, items: readonly T[], title: (kind: ContextKind) => L, line: (item: T, index: number) => L): L[] {
  const out = [header];
  for (const [kind] of SECTIONS) {
    let titled = false;
    items.forEach((item, i) => {
      if (item.kind !== kind) return;
      if (!titled) out.push(title(kind));
      titled = true;
      out.push(line(item, i));
    });
  }
  return out;
}

export function render(customerId: string, asOf: number, items: readonly Candidate[]): string {
  return renderLines(headerOf(customerId, asOf), items, sectionTitle, (i) => lineOf(i, asOf)).join('\n');
}
