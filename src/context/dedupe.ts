// "Two items state the same fact": same fact key, or the same text once normalised. The more
// trusted item wins, then the newer one, so a superseded value never reaches the prompt.
import type { ScoringOptions } from './score.ts';
import { trustOf } from './score.ts';
import type { Candidate } from './types.ts';

const normal = (text: string): string => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function better(a: Candidate, b: Candidate, o: ScoringOptions): Candidate {
  const ta = trustOf(a, o);
  const tb = trustOf(b, o);
  if (ta !== tb) return ta > tb ? a : b;
  return (a.observedAt ?? -Infinity) >= (b.observedAt ?? -Infinity) ? a : b;
}

/** Returns the survivors (in input order) and how many were dropped as the same fact. */
export function dedupe(candidates: readonly Candidate[], o: ScoringOptions): { kept: Candidate[]; dropped: number } {
  const winners = new Map<string, Candidate>();
  for (const c of candidates) {
    for (const key of [c.factKey ? `fact:${c.factKey}` : null, `text:${normal(c.text)}`]) {
      if (!key) continue;
      const cur = winners.get(key);
      winners.set(key, cur ? better(cur, c, o) : c);
    }
  }
  const kept = candidates.filter((c) => {
    const byFact = c.factKey ? winners.get(`fact:${c.factKey}`) : c;
    return byFact === c && winners.get(`text:${normal(c.text)}`) === c;
  });
  return { kept, dropped: candidates.length - kept.length };
}
