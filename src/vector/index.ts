// Picks the vector store from configuration: embedded LanceDB by default, Weaviate when asked.
import type { Logger } from '../embeddings/types.ts';
import { VectorConfigError } from './errors.ts';
import { createLanceDbStore, type LanceDbStoreOptions } from './lancedb.ts';
import type { VectorStore } from './types.ts';
import { createWeaviateStore, type WeaviateStoreOptions } from './weaviate.ts';

export interface VectorStoreConfig {
  /** `lancedb` (embedded, on local disk) or `weaviate`. @default 'lancedb' */
  kind?: 'lancedb' | 'weaviate';
  lancedb?: LanceDbStoreOptions;
  weaviate?: Partial<WeaviateStoreOptions>;
  logger?: Logger;
}

export function createVectorStore(config: VectorStoreConfig = {}): VectorStore {
  const kind = config.kind ?? 'lancedb';
  if (kind === 'lancedb') return createLanceDbStore({ logger: config.logger, ...config.lancedb });
  if (kind === 'weaviate') {
    const url = config.weaviate?.url;
    if (!url) throw new VectorConfigError('VECTOR_STORE=weaviate needs WEAVIATE_URL (e.g. http://localhost:8080)');
    return createWeaviateStore({ logger: config.logger, ...config.weaviate, url });
  }
  throw new VectorConfigError(`unknown VECTOR_STORE "${String(kind)}"; expected "lancedb" or "weaviate"`);
}

/** Reads VECTOR_STORE, WEAVIATE_URL, WEAVIATE_API_KEY, WEAVIATE_GRPC_PORT and LANCEDB_DIR. */
export function vectorStoreConfigFromEnv(env: NodeJS.ProcessEnv = process.env): VectorStoreConfig {
  const kind = env.VECTOR_STORE?.trim() || 'lancedb';
  if (kind !== 'lancedb' && kind !== 'weaviate') {
    throw new VectorConfigError(`unknown VECTOR_STORE "${kind}"; expected "lancedb" or "weaviate"`);
  }
  return {
    kind,
    lancedb: env.LANCEDB_DIR ? { dir: env.LANCEDB_DIR } : {},
    weaviate: {
      url: env.WEAVIATE_URL,
      apiKey: env.WEAVIATE_API_KEY || undefined,
      grpcPort: env.WEAVIATE_GRPC_PORT ? Number(env.WEAVIATE_GRPC_PORT) : undefined,
    },
  };
}

export type * from './types.ts';
export * from './errors.ts';
export { createLanceDbStore, LanceDbStore, type LanceDbStoreOptions } from './lancedb.ts';
export { createWeaviateStore, WeaviateStore, type WeaviateStoreOptions } from './weaviate.ts';
