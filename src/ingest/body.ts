// Reads and parses an ingest body: a JSON array (or one object) or NDJSON, within a size limit.
// A bad NDJSON line becomes a rejection at its index; the other lines are kept.
import { PayloadTooLargeError, RejectCode } from '../errors.ts';
import type { RawItem } from './ingest.ts';

export class BadBodyError extends Error {
  readonly code = RejectCode.INVALID_JSON;
}

/** Reads the body as text, failing fast once it passes `limit` bytes. */
export async function readBody(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new PayloadTooLargeError(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new PayloadTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseNdjson(text: string): RawItem[] {
  const items: RawItem[] = [];
  const lines = text.split('\n');
  lines.forEach((line, n) => {
    if (!line.trim()) return;
    try {
      items.push({ ok: true, value: JSON.parse(line) });
    } catch (err) {
      items.push({ ok: false, code: RejectCode.INVALID_JSON, message: `line ${n + 1}: ${(err as Error).message}` });
    }
  });
  return items;
}

/**
 * JSON when the content type says so or the body starts with '['; NDJSON otherwise.
 * `index` in rejections is the position among events (non-empty lines for NDJSON).
 */
export function parseEvents(text: string, contentType: string | null): RawItem[] {
  const trimmed = text.trimStart();
  if (!trimmed) throw new BadBodyError('the body is empty: send a JSON array of events or NDJSON, one event per line');
  const ndjson = /ndjson|jsonl|x-jsonlines/i.test(contentType ?? '') || (!trimmed.startsWith('[') && trimmed.includes('\n{'));
  if (ndjson) return parseNdjson(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new BadBodyError(`the body is not valid JSON: ${(err as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((value) => ({ ok: true as const, value }));
}
