// Customer.context: gather candidates from every provider under one deadline, score them,
// drop superseded facts, pack into the token budget and render the prompt.
import { dedupe } from './dedupe.ts';
import { pack } from './pack.ts';
import { score, terms, type ScoringOptions } from './score.ts';
import type { AssembledContext, Candidate, Provider, ProviderRequest, SourceError } from './types.ts';

export interface AssembleOptions extends ScoringOptions {
  /** Whole-request deadline: providers still running then are cut off and listed in `errors`. */
  deadlineMs: number;
}

export interface ContextRequest {
  tenant: string;
  customerId: string;
  question: string | null;
  maxTokens: number;
  /** ms; null for now. */
  asOf: number | null;
  /** Only these sources (provider names); all when null. */
  sources: readonly string[] | null;
  now: number;
}

type Outcome = { ok: true; items: Candidate[] } | { ok: false; error: SourceError };

async function run(p: Provider, req: ProviderRequest, deadline: Promise<'timeout'>): Promise<Outcome> {
  try {
    const result = await Promise.race([p.gather(req), deadline]);
    if (result === 'timeout') return { ok: false, error: { source: p.name, code: 'DEADLINE_EXCEEDED', message: `no answer within the context deadline` } };
    return { ok: true, items: result };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    return { ok: false, error: { source: p.name, code: typeof code === 'string' ? code : 'SOURCE_FAILED', message: (err as Error).message } };
  }
}

export async function assemble(providers: readonly Provider[], r: ContextRequest, o: AssembleOptions): Promise<AssembledContext> {
  const asOf = r.asOf ?? r.now;
  const past = r.asOf !== null && r.asOf < r.now - 1000;
  const errors: SourceError[] = [];
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve('timeout');
    }, o.deadlineMs);
  });
  const req: ProviderRequest = { tenant: r.tenant, customerId: r.customerId, question: r.question, asOf, past, now: r.now, signal: controller.signal };
  const wanted = providers.filter((p) => !r.sources || r.sources.includes(p.name));
  const active = wanted.filter((p) => {
    if (p.realtime && past) errors.push({ source: p.name, code: 'SKIPPED_PAST_AS_OF', message: 'realtime sources answer only for now, not for a past asOf' });
    return !(p.realtime && past);
  });
  const outcomes = await Promise.all(active.map((p) => run(p, req, deadline)));
  clearTimeout(timer);
  const candidates: Candidate[] = [];
  for (const out of outcomes) {
    if (out.ok) candidates.push(...out.items.filter((c) => c.observedAt === null || c.observedAt <= asOf));
    else errors.push(out.error);
  }
  const { kept, dropped } = dedupe(candidates, o);
  const q = terms(r.question ?? '');
  const packed = pack(r.customerId, asOf, kept.map((c) => ({ ...c, score: score(c, q, asOf, o) })), r.maxTokens);
  return {
    customerId: r.customerId,
    question: r.question,
    asOf: new Date(asOf),
    generatedAt: new Date(r.now),
    tokens: packed.tokens,
    maxTokens: r.maxTokens,
    items: packed.items.map((i) => ({ ...i, observedAt: i.observedAt === null ? null : new Date(i.observedAt) })),
    prompt: packed.prompt,
    omitted: packed.omitted + dropped,
    errors,
  };
}
