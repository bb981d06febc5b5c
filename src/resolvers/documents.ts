// Retrieval: a customer's own documents and the tenant's knowledge, searched by meaning through
// the request's documents loader (one embedder call for all searches of an operation).
import { userInputError } from '../errors.ts';
import type { DocumentHit } from '../documents/types.ts';
import type { RequestContext } from '../server/services.ts';
import type { CustomerParent } from './customer.ts';
import { asOfMs, intInRange, requireScope } from './guards.ts';

const MAX_QUERY = 4000;

function queryText(query: string): string {
  const q = query.trim();
  if (!q) throw userInputError('query must not be empty', { argument: 'query' });
  if (q.length > MAX_QUERY) throw userInputError(`query is ${q.length} characters; the limit is ${MAX_QUERY}`, { argument: 'query' });
  return q;
}

function filterOf(ctx: RequestContext, filter: unknown) {
  try {
    return ctx.services.documents.checkFilter(filter);
  } catch (err) {
    throw userInputError(`filter: ${(err as Error).message}`, { argument: 'filter' });
  }
}

const present = (h: DocumentHit) => ({ id: h.id, text: h.text, score: h.score, source: h.source, metadata: h.metadata, updatedAt: h.updatedAt });

export const documentResolvers = {
  Query: {
    knowledge: async (_: unknown, args: { query: string; k: number; filter?: unknown }, ctx: RequestContext) => {
      requireScope(ctx, 'read');
      const key = { customerId: null, query: queryText(args.query), k: intInRange('k', args.k, 1, 100), asOf: null, filter: filterOf(ctx, args.filter) };
      return (await ctx.loaders.documents.load(key)).map(present);
    },
  },
  Customer: {
    documents: async (c: CustomerParent, args: { query: string; k: number; asOf?: Date | null }, ctx: RequestContext) => {
      const key = { customerId: c.id, query: queryText(args.query), k: intInRange('k', args.k, 1, 100), asOf: asOfMs(ctx, args.asOf), filter: null };
      return (await ctx.loaders.documents.load(key)).map(present);
    },
  },
};
