// The retrieval level of Customer.context: the customer's own documents and the tenant's knowledge
// that match the question. Without a question there is nothing to match, so it adds nothing.
import type { DocumentHit } from '../../documents/types.ts';
import type { RequestContext } from '../../server/services.ts';
import { memo } from '../../util/memo.ts';
import type { Candidate, Provider, ProviderRequest } from '../types.ts';

/** Hits per search (the customer's, and knowledge); packing keeps what the budget allows. */
const K = 5;

export function documentsProvider(ctx: RequestContext): Provider {
  return {
    name: 'documents',
    async gather(req: ProviderRequest): Promise<Candidate[]> {
      if (!req.question || req.signal.aborted) return [];
      const asOf = req.past ? req.asOf : null;
      const search = (customerId: string | null) => ctx.loaders.documents.load({ customerId, query: req.question!, k: K, asOf, filter: null });
      const [own, knowledge] = await untilAborted(Promise.all([search(req.customerId), search(null)]), req.signal);
      return [...own, ...knowledge].map(toCandidate);
    },
  };
}

/** Knowledge chunks come back on request after request; their one-line form is kept. */
const oneLine = memo((text: string) => text.replace(/\s+/g, ' '), 10_000);

function toCandidate(h: DocumentHit): Candidate {
  const title = typeof h.metadata.title === 'string' ? `${h.metadata.title}: ` : '';
  const factKey = h.metadata.factKey;
  return {
    id: `DOCUMENT:${h.customerId === null ? 'knowledge' : 'customer'}:${h.id}`,
    kind: 'DOCUMENT',
    source: h.source,
    text: `${title}${oneLine(h.text)}`,
    // A customer's document is as old as its last change; knowledge is timeless.
    observedAt: h.customerId === null ? null : h.updatedAt.getTime(),
    relevance: Math.min(1, Math.max(0, h.score)),
    ...(typeof factKey === 'string' && factKey ? { factKey } : {}),
  };
}

/** Stops waiting once the context's deadline fires; the search itself finishes in the background. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
