// "Two items state the same fact": same fact key, or the same text once normalised. The more
// trusted item wins, then the newer one, so a superseded value never reaches the prompt.
import type { ScoringOptions } from './score.ts';
import { trustOf } from './score.ts';
import type { Candidate } from './types.ts';
import { memo } from '../util/memo.ts';

const normal = memo((text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim(), 50_000);

function better(a: Candidate, b: Candidate, o: ScoringOptions): Candidate {
  const ta = trustOf(a, o);
  const tb = trustOf(b, o);
  if (ta !== tb) return ta > tb ? a : b;
  return (a.observedAt ?? -Infinity) >= (b.observedAt ?? -Infinity) ? a : b;
}

/** Returns the survivors (in input order) and how many were dropped as the same fact. */
export function dedupe(candidates: readonly Candidate[], o: ScoringOptions): { kept: Candidate[]; dropped: number } {
  const byFact = new Map<string, Candidate>();
  const byText = new Map<string, Candidate>();
  const keep = (winners: Map<string, Candidate>, key: string, c: Candidate): void => {
    const cur = winners.get(key);
    winners.set(key, cur ? better(cur, c, o) : c);
  };
  const texts = candidates.map((c) => normal(c.text));
  candidates.forEach((c, i) => {
    if (c.factKey) keep(byFact, c.factKey, c);
    keep(byText, texts[i]!, c);
  });
  const kept = candidates.filter((c, i) => (!c.factKey || byFact.get(c.factKey) === c) && byText.get(texts[i]!) === c);
  return { kept, dropped: candidates.length - kept.length };
}
