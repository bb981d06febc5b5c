// The context engine's vocabulary: candidates gathered from every level, scored, deduplicated,
// packed into a token budget and rendered as a prompt.

export type ContextKind = 'ATTRIBUTE' | 'AGGREGATE' | 'EVENT' | 'DOCUMENT' | 'REALTIME' | 'MEMORY';

export interface Candidate {
  /** Stable within one answer, e.g. `ATTRIBUTE:core:tier`. */
  id: string;
  kind: ContextKind;
  source: string;
  /** One short line, without source or age (the renderer adds those). */
  text: string;
  /** Event time the fact was observed (ms); null for timeless knowledge. */
  observedAt: number | null;
  /** 0..1 when the source knows it (vector search score); else computed from the question. */
  relevance?: number;
  /** Items with the same key state the same fact: only the most trusted, newest one is kept. */
  factKey?: string;
  /** Overrides the trust of its kind (0..1). */
  trust?: number;
}

export interface ScoredCandidate extends Candidate {
  score: number;
  tokens: number;
}

export interface SourceError {
  source: string;
  code: string;
  message: string;
}

/** What a provider gets: the request, the time it answers for, and a signal for the deadline. */
export interface ProviderRequest {
  tenant: string;
  customerId: string;
  question: string | null;
  /** ms; the time the context answers for (now, or a past asOf). */
  asOf: number;
  /** True when asOf is in the past: realtime sources must not answer. */
  past: boolean;
  now: number;
  signal: AbortSignal;
}

export interface Provider {
  /** Source name used in errors when the provider fails or is cut off. */
  name: string;
  /** Realtime providers are skipped for a past asOf. */
  realtime?: boolean;
  gather(req: ProviderRequest): Promise<Candidate[]>;
}

export interface AssembledContext {
  customerId: string;
  question: string | null;
  asOf: Date;
  generatedAt: Date;
  tokens: number;
  maxTokens: number;
  items: (Omit<ScoredCandidate, 'observedAt'> & { observedAt: Date | null })[];
  prompt: string;
  omitted: number;
  errors: SourceError[];
}
