// Validation of the OpenAI embeddings response body, so a wrong server fails loudly, not with NaN vectors.
import { EmbeddingError } from './errors.ts';

interface WireItem {
  index: number;
  embedding: number[];
}

/** Returns vectors in input order (the API may return `data` in any order; `index` is authoritative). */
/** `dimension` undefined skips the length check (used once, to detect the dimension). */
export function parseEmbeddingResponse(body: string, count: number, dimension: number | undefined): number[][] {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw bad(`response is not JSON: ${body.slice(0, 200)}`, body);
  }
  const data = (json as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length !== count) {
    throw bad(`expected "data" with ${count} embeddings, got ${Array.isArray(data) ? data.length : typeof data}`, body);
  }
  const out: number[][] = new Array<number[]>(count);
  for (const item of data as WireItem[]) {
    if (!Number.isInteger(item?.index) || item.index < 0 || item.index >= count || !Array.isArray(item.embedding)) {
      throw bad('an item lacks a valid "index" or "embedding" (base64 encoding is not supported)', body);
    }
    if (dimension !== undefined && item.embedding.length !== dimension) {
      throw bad(`embedding has dimension ${item.embedding.length}, configured dimension is ${dimension}`, body);
    }
    out[item.index] = item.embedding;
  }
  if (out.some((v) => v === undefined)) throw bad('duplicate "index" values in response', body);
  return out;
}

function bad(message: string, body: string): EmbeddingError {
  return new EmbeddingError('EMBEDDINGS_BAD_RESPONSE', `embeddings response invalid: ${message}`, { body: body.slice(0, 2000) });
}
