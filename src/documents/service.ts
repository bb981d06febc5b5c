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
import type { KnowledgeIndex, Snapshot } from './knowledge.ts';
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
  /** In-memory search of small knowledge bases; without it every search asks the store. */
  knowledge?: KnowledgeIndex;
}

/** Question vectors kept across requests (the same questions come back; a remote embedder is a round trip). */
const QUESTION_CACHE = 512;

export class DocumentService {
  readonly store: VectorStore;
  readonly embedder: Embedder;
  private readonly versions: DocumentVersions;
  private readonly questions = new Map<string, number[]>();

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
    const vectors = await this.vectorsOf(queries.map((q) => q.query));
    // Most customers have no documents of their own: a Redis EXISTS spares a vector search (~5 ms).
    const customers = [...new Set(queries.flatMap((q) => (q.customerId === null ? [] : [q.customerId])))];
    const { exists, knowledgeVersion } = await this.versions.probe(tenant, customers);
    const empty = new Set(customers.filter((_, i) => !exists[i]));
    const knowledge = queries.some((q) => q.customerId === null) ? await this.snapshot(tenant, knowledgeVersion) : null;
    return Promise.all(
      queries.map((q) => {
        if (q.customerId !== null && empty.has(q.customerId)) return [];
        const vector = vectors.get(q.query)!;
        const inMemory = q.customerId === null && knowledge?.chunks ? this.searchMemory(knowledge, q, vector) : null;
        return inMemory ? bestPerDocument(inMemory, q.k) : this.searchOne(tenant, q, vector);
      }),
    );
  }

  /** One embedder call for the texts not seen lately. */
  private async vectorsOf(texts: readonly string[]): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    for (const t of texts) {
      const v = this.questions.get(t);
      if (v) out.set(t, v);
    }
    const missing = [...new Set(texts.filter((t) => !out.has(t)))];
    if (!missing.length) return out;
    (await this.embedder.embed(missing)).forEach((v, i) => {
      const t = missing[i]!;
      out.set(t, v);
      if (this.questions.size >= QUESTION_CACHE) this.questions.delete(this.questions.keys().next().value!);
      this.questions.set(t, v);
    });
    return out;
  }

  /** The tenant's knowledge snapshot; null (ask the store) without an index or when it cannot load. */
  private async snapshot(tenant: string, version: string): Promise<Snapshot | null> {
    if (!this.o.knowledge) return null;
    try {
      return await this.o.knowledge.at(tenant, version);
    } catch (err) {
      this.o.log.warn({ err, tenant }, 'knowledge snapshot failed to load; searching the vector store');
      return null;
    }
  }

  /** null: the store answers (and reports a bad filter or vector with its own error). */
  private searchMemory(s: Snapshot, q: DocumentQuery, vector: number[]): VectorHit[] | null {
    try {
      return this.o.knowledge!.search(s, { vector, k: chunksWanted(q), createdBefore: q.asOf !== null ? q.asOf + 1 : null, filterKeys: filterKeys(q.filter) });
    } catch {
      return null;
    }
  }

  private searchOne(tenant: string, q: DocumentQuery, vector: number[]): Promise<DocumentHit[] | Error> {
    return this.store
      .query(tenant, {
        vector,
        k: chunksWanted(q),
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

  async close(): Promise<void> {
    await this.o.knowledge?.close();
    await this.store.close();
  }
}

const chunksWanted = (q: DocumentQuery): number => Math.min(1000, q.k * OVERFETCH);

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
