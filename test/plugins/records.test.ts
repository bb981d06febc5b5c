// Export files for `ingest --plugin`: CSV rows (header, quoted fields, BOM) and NDJSON lines become
// records with their line numbers; a bad NDJSON line is kept as an error with its line.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { formatOf, readRecords, type FileRecord } from '../../src/cli/records.ts';

const dir = mkdtempSync(join(tmpdir(), 'cg-records-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function read(name: string, text: string): Promise<{ records: FileRecord[]; bytes: number }> {
  const file = join(dir, name);
  writeFileSync(file, text);
  const records: FileRecord[] = [];
  let bytes = 0;
  for await (const r of readRecords(file, (n) => (bytes += n))) records.push(r);
  return { records, bytes };
}

it('reads CSV rows as records of strings, with their line', async () => {
  const { records, bytes } = await read('c.csv', '\uFEFFcustomer_id,name\ncust-1,"Almeida, Ana"\n\ncust-2, Ben \n');
  expect(formatOf('x.CSV')).toBe('csv');
  expect(records).toEqual([
    { line: 2, ok: true, value: { customer_id: 'cust-1', name: 'Almeida, Ana' } },
    { line: 4, ok: true, value: { customer_id: 'cust-2', name: 'Ben' } },
  ]);
  expect(bytes).toBeGreaterThan(30);
});

it('reads NDJSON lines as values, a bad line as an error with its line', async () => {
  const { records } = await read('r.ndjson', '{"id":"cust-1","tier":"gold"}\n\nnot json\n');
  expect(formatOf('r.ndjson')).toBe('ndjson');
  expect(records[0]).toEqual({ line: 1, ok: true, value: { id: 'cust-1', tier: 'gold' } });
  expect(records[1]).toMatchObject({ line: 3, ok: false, code: 'INVALID_JSON' });
});
