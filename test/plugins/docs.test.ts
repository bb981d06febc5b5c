// docs/plugins.md embeds the loyalty example verbatim: the copyable example is the tested one.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

it('docs/plugins.md shows the example files exactly as they are', () => {
  const doc = read('docs/plugins.md');
  const embedded = [...doc.matchAll(/<!-- file: (\S+) -->\n```ts\n([\s\S]*?)```\n/g)];
  expect(embedded.map((m) => m[1])).toEqual(['plugins-examples/loyalty/index.ts', 'plugins-examples/loyalty/loyalty.test.ts']);
  for (const [, path, code] of embedded) expect(code, path).toBe(read(path!));
});
