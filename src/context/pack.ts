// Packs the best-scored items into the token budget. Line costs are summed to choose, then the
// final prompt is counted exactly and trimmed, so `tokens` never exceeds `maxTokens`.
import { bodyOf, headerOf, renderLines, sectionTitle, suffixOf } from './render.ts';
import { countOnce, countTokens, sumLines, type LineCount } from './tokens.ts';
import type { Candidate, ContextKind, ScoredCandidate } from './types.ts';

export interface Packed {
  items: ScoredCandidate[];
  prompt: string;
  tokens: number;
  omitted: number;
}

interface Line extends LineCount {
  text: string;
}

/** Counted by its parts: the body repeats across requests, the suffix varies only with source and age. */
function itemLine(c: Candidate, asOf: number): Line {
  const body = bodyOf(c.text);
  const suffix = suffixOf(c, asOf);
  const b = countTokens(body);
  return { text: body + suffix, tokens: b + countTokens(suffix), withBreak: b + countTokens(`${suffix}\n`) };
}

const titleLine = (kind: ContextKind): Line => {
  const text = sectionTitle(kind);
  return { text, tokens: countTokens(text), withBreak: countTokens(`${text}\n`) };
};

export function pack(customerId: string, asOf: number, scored: readonly (Candidate & { score: number })[], maxTokens: number): Packed {
  const ranked = [...scored].sort((a, b) => b.score - a.score);
  const text = headerOf(customerId, asOf);
  const header: Line = { text, tokens: countOnce(text), withBreak: countOnce(`${text}\n`) };
  let budget = maxTokens - header.tokens - 1;
  const chosen: ScoredCandidate[] = [];
  const lines: Line[] = [];
  const sections = new Set<string>();
  for (const c of ranked) {
    const line = itemLine(c, asOf);
    const title = sections.has(c.kind) ? 0 : titleLine(c.kind).tokens + 1;
    if (line.tokens + 1 + title > budget) continue;
    budget -= line.tokens + 1 + title;
    sections.add(c.kind);
    chosen.push({ ...c, tokens: line.tokens });
    lines.push(line);
  }
  const renderAll = () => renderLines(header, chosen, titleLine, (_, i) => lines[i]!);
  let rendered = renderAll();
  let total = sumLines(rendered);
  while (total > maxTokens && chosen.length) {
    chosen.pop();
    rendered = renderAll();
    total = sumLines(rendered);
  }
  const prompt = total > maxTokens ? '' : rendered.map((l) => l.text).join('\n');
  return { items: chosen, prompt, tokens: prompt ? total : 0, omitted: ranked.length - chosen.length };
}
