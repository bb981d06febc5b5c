// Packs the best-scored items into the token budget. Line costs are summed to choose, then the
// final prompt is counted exactly and trimmed, so `tokens` never exceeds `maxTokens`.
import { bodyOf, headerOf, renderLines, sectionTitle, suffixOf } from './render.ts';
import { countOnce, countTokens, sumLines, type LineCount } from './tokens.ts';
import type { Candidate, ContextKind, ScoredCandidate } from './types.ts';
import { memo } from '../util/memo.ts';

export interface Packed {
  items: ScoredCandidate[];
  prompt: string;
  tokens: number;
  omitted: number;
}

interface Line extends LineCount {
  text: string;
}

/** A text and its token count, alone and followed by a line break, computed once per distinct text. */
const counted = (text: string): Line => ({ text, tokens: countTokens(text), withBreak: countTokens(`${text}\n`) });
/** A body is always followed by its suffix, never by a line break. */
const bodies = memo((text) => {
  const body = bodyOf(text);
  return { text: body, tokens: countTokens(body) };
}, 50_000);
const suffixes = memo(counted, 10_000);
const titles = memo(counted, 100);

/** Counted by its parts: the body repeats across requests, the suffix varies only with source and age. */
function itemLine(c: Candidate, asOf: number): Line {
  const body = bodies(c.text);
  const suffix = suffixes(suffixOf(c, asOf));
  return { text: body.text + suffix.text, tokens: body.tokens + suffix.tokens, withBreak: body.tokens + suffix.withBreak };
}

const titleLine = (kind: ContextKind): Line => titles(sectionTitle(kind));

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
