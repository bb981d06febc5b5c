// Config sections of retrieval (docs/vector-stores.md): which vector store holds the chunks, and how
// documents are chunked. Kept apart from schema.ts, with the environment overrides next to them.
import { z } from 'zod';

export const vectorStoreSchema = z
  .strictObject({
    /** `lancedb` (embedded, on local disk) or `weaviate` (env VECTOR_STORE). @default "lancedb" */
    kind: z.enum(['lancedb', 'weaviate']).default('lancedb'),
    /** LanceDB data directory, relative to the working directory (env LANCEDB_DIR). @default ".data/lancedb" */
    dir: z.string().min(1).default('.data/lancedb'),
    /** Needed when kind is "weaviate" (env WEAVIATE_URL, WEAVIATE_API_KEY, WEAVIATE_GRPC_PORT). */
    weaviate: z
      .strictObject({
        url: z.string().url(),
        apiKey: z.string().min(1).optional(),
        grpcPort: z.coerce.number().int().min(1).max(65535).optional(),
      })
      .optional(),
  })
  .refine((v) => v.kind !== 'weaviate' || v.weaviate, { message: 'kind "weaviate" needs weaviate.url (or WEAVIATE_URL)' })
  .prefault({});

export const documentsSchema = z
  .strictObject({
    /** Longest chunk of a document, in characters (about 4 per token). @default 1000 */
    chunkChars: z.number().int().min(100).max(20_000).default(1000),
    /** Characters of a chunk repeated at the start of the next, so a fact cut at a boundary stays whole in one. @default 150 */
    overlapChars: z.number().int().min(0).max(5000).default(150),
    /** Exact search of small knowledge bases in memory (LanceDB only; docs/vector-stores.md, "Reading"). */
    knowledgeInMemory: z
      .strictObject({
        /** A tenant with more knowledge chunks is searched in the vector store; 0 turns the in-memory search off. @default 2000 */
        maxChunks: z.number().int().min(0).max(100_000).default(2000),
        /** Memory for the vectors of all tenants together; the least recently used tenant is dropped first. @default 64 */
        maxMegabytes: z.number().int().min(1).max(65_536).default(64),
      })
      .prefault({}),
  })
  .prefault({});

/** VECTOR_STORE, LANCEDB_DIR, WEAVIATE_URL, WEAVIATE_API_KEY, WEAVIATE_GRPC_PORT over the file's `vectorStore`. */
export function vectorStoreEnv(env: NodeJS.ProcessEnv, fromFile: unknown): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  if (env.VECTOR_STORE) out.kind = env.VECTOR_STORE.trim();
  if (env.LANCEDB_DIR) out.dir = env.LANCEDB_DIR;
  const weaviate: Record<string, unknown> = {};
  if (env.WEAVIATE_URL) weaviate.url = env.WEAVIATE_URL;
  if (env.WEAVIATE_API_KEY) weaviate.apiKey = env.WEAVIATE_API_KEY;
  if (env.WEAVIATE_GRPC_PORT) weaviate.grpcPort = env.WEAVIATE_GRPC_PORT;
  if (!Object.keys(out).length && !Object.keys(weaviate).length) return undefined;
  const file = (typeof fromFile === 'object' && fromFile !== null ? fromFile : {}) as Record<string, unknown>;
  const fileWeaviate = (file.weaviate ?? {}) as Record<string, unknown>;
  return { ...file, ...out, ...(Object.keys(weaviate).length ? { weaviate: { ...fileWeaviate, ...weaviate } } : {}) };
}
