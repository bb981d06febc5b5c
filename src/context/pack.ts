// Packs the best-scored items into the token budget. Line costs are summed to choose, then the
// final prompt is counted exactly and trimmed, so `tokens` never exceeds `maxTokens`.
import { headerOf, lineOf, render, sectionTitle } from './render.ts';
import { countTokens } from './tokens.ts';
import type { Candidate, ScoredCandidate } from './types.ts';

export interface Packed {
  items: ScoredCandidate[];
  prompt: string;
  tokens: number;
  omitted: number;
}

export function pack(customerId: string, asOf: number, scored: readonly (Candidate & { score: number })[], maxTokens: number): Packed {
  const ranked = [...scored].sort((a, b) => b.score - a.score);
  let budget = maxTokens - countTokens(headerOf(customerId, asOf)) - 1;
  const chosen: ScoredCandidate[] = [];
  const sections = new Set<string>();
  for (const c of ranked) {
    const tokens = countTokens(lineOf(c, asOf)) + 1;
    const header = sections.has(c.kind) ? 0 : countTokens(sectionTitle(c.kind)) + 1;
    if (tokens + header > budget) continue;
    budget -= tokens + header;
    sections.add(c.kind);
    chosen.push({ ...c, tokens: tokens - 1 });
  }
  let prompt = render(customerId, asOf, chosen);
  let total = countTokens(prompt);
  while (total > maxTokens && chosen.length) {
    chosen.pop();
    prompt = render(customerId, asOf, chosen);
    total = countTokens(prompt);
  }
  if (total > maxTokens) {
    prompt = '';
    total = 0;
  }
  return { items: chosen, prompt, tokens: total, omitted: ranked.length - chosen.length };
}
