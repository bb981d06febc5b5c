// Client for any OpenAI-compatible `POST /v1/embeddings` endpoint (OpenAI, Ollama, vLLM, TEI).
// Batches inputs, retries 429 and 5xx (honouring Retry-After), and bounds every attempt with a timeout.
import { EmbeddingError } from './errors.ts';
import { parseEmbeddingResponse } from './openai-wire.ts';
import type { Embedder, Logger } from './types.ts';

export interface OpenAiEmbedderOptions {
  /** Base URL, with or without the trailing `/v1`; `/embeddings` is appended. e.g. `https://api.openai.com/v1` */
  url: string;
  model: string;
  /** Vector length the model returns; checked on every response. */
  dimension: number;
  apiKey?: string;
  /** Inputs per request. @default 64 */
  maxBatch?: number;
  /** Retries after the first attempt, for 429, 5xx and network errors. @default 4 */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. @default 30_000 */
  timeoutMs?: number;
  /** Base of the exponential backoff when the server sends no Retry-After. @default 250 */
  backoffMs?: number;
  /** Ceiling on any single wait, including a server's Retry-After. @default 30_000 */
  maxWaitMs?: number;
  logger?: Logger;
}

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const endpoint = embeddingsUrl(options.url);
  const maxBatch = options.maxBatch ?? 64;
  return {
    model: options.model,
    dimension: options.dimension,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += maxBatch) {
        out.push(...(await embedBatch(endpoint, texts.slice(i, i + maxBatch), options)));
      }
      return out;
    },
  };
}

/** Accepts `http://host`, `http://host/v1` or `http://host/v1/embeddings`. */
export function embeddingsUrl(base: string): string {
  const trimmed = base.replace(/\/+$/, '');
  if (trimmed.endsWith('/embeddings')) return trimmed;
  return trimmed.endsWith('/v1') ? `${trimmed}/embeddings` : `${trimmed}/v1/embeddings`;
}

/** Asks the endpoint for one vector to learn the model's dimension, when configuration does not say. */
export async function detectDimension(options: Omit<OpenAiEmbedderOptions, 'dimension'>): Promise<number> {
  const [v] = await embedBatch(embeddingsUrl(options.url), ['dimension probe'], { ...options, dimension: undefined });
  return v?.length ?? 0;
}

type BatchOptions = Omit<OpenAiEmbedderOptions, 'dimension'> & { dimension: number | undefined };

async function embedBatch(endpoint: string, input: string[], o: BatchOptions): Promise<number[][]> {
  const maxRetries = o.maxRetries ?? 4;
  for (let attempt = 0; ; attempt++) {
    const result = await attemptOnce(endpoint, input, o);
    if (result.ok) return parseEmbeddingResponse(result.body, input.length, o.dimension);
    if (!result.retryable || attempt >= maxRetries) throw result.error;
    const wait = Math.min(result.retryAfterMs ?? (o.backoffMs ?? 250) * 2 ** attempt, o.maxWaitMs ?? 30_000);
    o.logger?.warn({ status: result.error.status, attempt, wait }, 'embeddings request failed; retrying');
    await new Promise((r) => setTimeout(r, wait));
  }
}

type Attempt =
  | { ok: true; body: string }
  | { ok: false; retryable: boolean; retryAfterMs?: number; error: EmbeddingError };

async function attemptOnce(endpoint: string, input: string[], o: BatchOptions): Promise<Attempt> {
  const timeoutMs = o.timeoutMs ?? 30_000;
  let res: Response;
  let body: string;
  try {
    res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(o.apiKey ? { authorization: `Bearer ${o.apiKey}` } : {}) },
      body: JSON.stringify({ model: o.model, input, encoding_format: 'float' }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await res.text();
  } catch (cause) {
    return networkFailure(endpoint, timeoutMs, cause);
  }
  if (res.ok) return { ok: true, body };
  const error = new EmbeddingError('EMBEDDINGS_HTTP', `embeddings endpoint ${endpoint} answered ${res.status}: ${body.slice(0, 500)}`, {
    status: res.status,
    body: body.slice(0, 2000),
  });
  const retryable = res.status === 429 || res.status >= 500;
  return { ok: false, retryable, retryAfterMs: parseRetryAfter(res.headers.get('retry-after')), error };
}

function networkFailure(endpoint: string, timeoutMs: number, cause: unknown): Attempt {
  const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
  const error = timedOut
    ? new EmbeddingError('EMBEDDINGS_TIMEOUT', `embeddings endpoint ${endpoint} did not answer within ${timeoutMs} ms`, { cause })
    : new EmbeddingError('EMBEDDINGS_HTTP', `embeddings endpoint ${endpoint} unreachable: ${String(cause)}`, { cause });
  return { ok: false, retryable: true, error };
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
