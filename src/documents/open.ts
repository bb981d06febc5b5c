// Opens retrieval at start: the embedder (EMBEDDINGS_URL or the offline one) and the configured
// vector store, whose collection must have been built by the same embedder, or start-up stops here.
import type { Config } from '../config/schema.ts';
import { embedderFromEnv, type Embedder } from '../embeddings/index.ts';
import type { Logger } from '../logger.ts';
import { createVectorStore } from '../vector/index.ts';
import type { VectorStore } from '../vector/types.ts';
import { KnowledgeIndex } from './knowledge.ts';
import { lanceKnowledgeSource } from './knowledge-lancedb.ts';

export interface Retrieval {
  store: VectorStore;
  embedder: Embedder;
  /** In-memory search of small knowledge bases; LanceDB only (its table can be read directly). */
  knowledge?: KnowledgeIndex;
}

export async function openRetrieval(config: Pick<Config, 'vectorStore' | 'documents'>, log: Logger, embedder?: Embedder): Promise<Retrieval> {
  const vlog = log.child({ component: 'vector' });
  const emb = embedder ?? (await embedderFromEnv(process.env, vlog));
  const { kind, dir, weaviate } = config.vectorStore;
  const store = createVectorStore({ kind, lancedb: { dir }, ...(weaviate ? { weaviate } : {}), logger: vlog });
  try {
    await store.ensureCollection({ dimension: emb.dimension, model: emb.model });
  } catch (err) {
    await store.close().catch(() => undefined);
    throw err;
  }
  vlog.info({ store: kind, ...(kind === 'lancedb' ? { dir } : {}), embedder: emb.model, dimension: emb.dimension }, 'vector store ready');
  const { maxChunks, maxMegabytes } = config.documents.knowledgeInMemory;
  const knowledge = kind === 'lancedb' && maxChunks > 0 ? new KnowledgeIndex(lanceKnowledgeSource(dir), { maxChunks, maxBytes: maxMegabytes * 2 ** 20 }) : undefined;
  return { store, embedder: emb, ...(knowledge ? { knowledge } : {}) };
}
