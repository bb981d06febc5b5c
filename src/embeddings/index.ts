// Picks the embedder: an OpenAI-compatible endpoint when EMBEDDINGS_URL is set, else the offline hashing one.
import { EmbeddingError } from './errors.ts';
import { createHashingEmbedder } from './hashing.ts';
import { createOpenAiEmbedder, detectDimension } from './openai.ts';
import type { Embedder, Logger } from './types.ts';

/**
 * EMBEDDINGS_URL, EMBEDDINGS_MODEL, EMBEDDINGS_API_KEY; optional EMBEDDINGS_DIMENSION, otherwise the
 * dimension is learnt with one probe request at start (the store must know it before the first write).
 */
export async function embedderFromEnv(env: NodeJS.ProcessEnv = process.env, logger?: Logger): Promise<Embedder> {
  const url = env.EMBEDDINGS_URL?.trim();
  if (!url) return createHashingEmbedder();
  const model = env.EMBEDDINGS_MODEL?.trim();
  if (!model) throw new EmbeddingError('EMBEDDINGS_CONFIG', 'EMBEDDINGS_URL is set but EMBEDDINGS_MODEL is not');
  const base = { url, model, apiKey: env.EMBEDDINGS_API_KEY || undefined, logger };
  const configured = env.EMBEDDINGS_DIMENSION ? Number(env.EMBEDDINGS_DIMENSION) : undefined;
  if (configured !== undefined && (!Number.isInteger(configured) || configured < 1)) {
    throw new EmbeddingError('EMBEDDINGS_CONFIG', `EMBEDDINGS_DIMENSION must be a positive integer, got "${env.EMBEDDINGS_DIMENSION}"`);
  }
  return createOpenAiEmbedder({ ...base, dimension: configured ?? (await detectDimension(base)) });
}

export type { Embedder, Logger } from './types.ts';
export { EmbeddingError } from './errors.ts';
export { createHashingEmbedder } from './hashing.ts';
export { createOpenAiEmbedder, detectDimension, type OpenAiEmbedderOptions } from './openai.ts';
