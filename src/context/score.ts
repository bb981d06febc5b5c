// Scoring: relevance to the question, recency (exponential half-life) and the trust of the source.
import { memo } from '../util/memo.ts';
import type { Candidate, ContextKind } from './types.ts';

export interface ScoreWeights {
  relevance: number;
  recency: number;
  trust: number;
}

export interface ScoringOptions {
  weights: ScoreWeights;
  /** Age at which recency counts half. */
  halfLifeMs: number;
  /** Trust of each kind; first-party data above retrieved documents. */
  trust: Record<ContextKind, number>;
}

export const DEFAULT_TRUST: Record<ContextKind, number> = {
  ATTRIBUTE: 1,
  MEMORY: 0.9,
  AGGREGATE: 0.9,
  EVENT: 0.85,
  REALTIME: 0.8,
  DOCUMENT: 0.6,
};

const STOP = new Set('the a an and or of to in on for with at by from is are was were be been it this that what which who how when where do does did my your our their his her its i me you we they can could should would will about any some there here have has had not no yes please'.split(' '));

/** Lowercased content words of 3+ letters, with a crude plural/verb suffix strip. */
export function terms(text: string): Set<string> {
  const out = new Set<string>();
  for (const raw of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    if (raw.length < 3 || STOP.has(raw)) continue;
    out.add(raw.replace(/(ies|es|s|ed|ing|e)$/, '') || raw);
  }
  return out;
}

/** Candidate texts repeat across requests; their terms are kept. */
const termsOf = memo(terms, 50_000);

/** Share of the question's terms the text mentions (0..1). */
export function lexicalRelevance(question: Set<string>, text: string): number {
  if (!question.size) return 0.5;
  const t = termsOf(text);
  let hits = 0;
  for (const q of question) if (t.has(q)) hits++;
  return hits / question.size;
}

export function recency(observedAt: number | null, asOf: number, halfLifeMs: number): number {
  if (observedAt === null) return 0.5;
  return 0.5 ** (Math.max(0, asOf - observedAt) / halfLifeMs);
}

export const trustOf = (c: Candidate, o: ScoringOptions): number => c.trust ?? o.trust[c.kind];

export function score(c: Candidate, question: Set<string>, asOf: number, o: ScoringOptions): number {
  // A retrieved item's vector score and its wording both count: whichever says it is more relevant.
  const rel = Math.max(c.relevance ?? 0, lexicalRelevance(question, c.text));
  const w = o.weights;
  return w.relevance * rel + w.recency * recency(c.observedAt, asOf, o.halfLifeMs) + w.trust * trustOf(c, o);
}
