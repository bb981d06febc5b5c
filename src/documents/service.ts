// Documents as the rest of the gateway sees them: the apply hook that indexes them, searches for the
// read side (one embedder call per batch of queries), and erasure of a customer's documents.
import type { Redis } from 'ioredis';
import type { BeforeHook } from '../apply/applier.ts';
import type { Embedder } from '../embeddings/types.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { filterKeys } from '../vector/filter.ts';
import type { MetadataFilter, VectorHit, VectorStore } from '../vector/types.ts';
import type { ChunkOptions } from './chunk.ts';
import { producerDocumentId } from './ids.ts';
import { DocumentIndexer } from './indexer.ts';
import type { DocumentHit, DocumentQuery } from './types.ts';
import { DocumentVersions } from './versions.ts';

/** A filter a caller sent that is not `{field: scalar}`; resolvers turn it into BAD_USER_INPUT. */
export class DocumentFilterError extends Error {
  readonly code = 'DOCUMENT_FILTER_INVALID';
}

/** Chunks fetched per wanted hit: a document's chunks are collapsed into its best one. */
const OVERFETCH = 4;

export interface DocumentServiceOptions {
  store: VectorStore;
  embedder: Embedder;
  redis: Redis;
  prefix: string;
  chunking: ChunkOptions;
  log: Logger;
}

export class DocumentService {
  readonly store: VectorStore;
  readonly embedder: Embedder;
  private readonly versions: DocumentVersions;

  constructor(private readonly o: DocumentServiceOptions) {
    this.store = o.store;
    this.embedder = o.embedder;
    this.versions = new DocumentVersions(o.redis, o.prefix);
  }

  /** The applier hook that writes documents of every event type with a `documents` mapping. */
  indexer(registry: PluginRegistry): BeforeHook {
    return new DocumentIndexer({ ...this.o, versions: this.versions, registry }).hook;
  }

  /** Checks a caller's metadata filter; throws DocumentFilterError with the reason. */
  checkFilter(filter: unknown): MetadataFilter | null {
    if (filter === undefined || filter === null) return null;
    try {
      filterKeys(filter);
    } catch (err) {
      throw new DocumentFilterError((err as Error).message);
    }
    return filter as MetadataFilter;
  }

  /** One result per query, in order; a failed query gets its Error (DataLoader's contract). */
  async search(tenant: string, queries: readonly DocumentQuery[]): Promise<(DocumentHit[] | Error)[]> {
    const texts = [...new Set(queries.map((q) => q.query))];
    const vectors = new Map((await this.embedder.embed(texts)).map((v, i) => [texts[i]!, v]));
    // Most customers have no documents of their own: a Redis EXISTS spares a vector search (~5 ms).
    const customers = [...new Set(queries.flatMap((q) => (q.customerId === null ? [] : [q.customerId])))];
    const known = await this.versions.exists(tenant, customers);
    const empty = new Set(customers.filter((_, i) => !known[i]));
    return Promise.all(queries.map((q) => (q.customerId !== null && empty.has(q.customerId) ? [] : this.searchOne(tenant, q, vectors.get(q.query)!))));
  }

  private searchOne(tenant: string, q: DocumentQuery, vector: number[]): Promise<DocumentHit[] | Error> {
    return this.store
      .query(tenant, {
        vector,
        k: Math.min(1000, q.k * OVERFETCH),
        customerId: q.customerId,
        ...(q.asOf !== null ? { createdBefore: new Date(q.asOf + 1) } : {}),
        ...(q.filter ? { filter: q.filter } : {}),
        text: q.query,
      })
      .then((hits) => bestPerDocument(hits, q.k), (err: Error) => err);
  }

  /** forgetCustomer: every chunk of the customer's documents (their versions go with the customer's Redis keys). */
  async forget(tenant: string, customerId: string): Promise<void> {
    await this.store.delete(tenant, { customerId });
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

function bestPerDocument(hits: VectorHit[], k: number): DocumentHit[] {
  const seen = new Set<string>();
  const out: DocumentHit[] = [];
  for (const h of [...hits].sort((a, b) => b.score - a.score)) {
    if (seen.has(h.documentId)) continue;
    seen.add(h.documentId);
    out.push({
      id: producerDocumentId(h.customerId, h.documentId),
      text: h.text,
      score: h.score,
      source: h.source,
      metadata: h.metadata,
      customerId: h.customerId,
      createdAt: h.createdAt,
      updatedAt: h.updatedAt,
    });
    if (out.length === k) break;
  }
  return out;
}
