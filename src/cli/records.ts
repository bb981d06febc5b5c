// Reads an export file record by record: NDJSON (one JSON value a line) or CSV (a header row, then
// one record of strings a row). Counts bytes read, for the progress bar.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export type FileRecord = { line: number; ok: true; value: unknown } | { line: number; ok: false; code: string; message: string };

export const formatOf = (file: string): 'csv' | 'ndjson' => (/\.csv$/i.test(file) ? 'csv' : 'ndjson');

async function* ndjson(file: string, onBytes: (n: number) => void): AsyncGenerator<FileRecord> {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    onBytes(Buffer.byteLength(text) + 1);
    if (!text.trim()) continue;
    try {
      yield { line, ok: true, value: JSON.parse(text) };
    } catch (err) {
      yield { line, ok: false, code: 'INVALID_JSON', message: (err as Error).message };
    }
  }
}

async function* csv(file: string, onBytes: (n: number) => void): AsyncGenerator<FileRecord> {
  const input = createReadStream(file);
  input.on('data', (chunk) => onBytes(chunk.length));
  const parser = input.pipe(parse({ columns: true, bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }));
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: info.lines, ok: true, value: record };
  }
}

export function readRecords(file: string, onBytes: (n: number) => void): AsyncGenerator<FileRecord> {
  return formatOf(file) === 'csv' ? csv(file, onBytes) : ndjson(file, onBytes);
}
