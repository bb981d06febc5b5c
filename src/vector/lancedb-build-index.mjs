// Builds (or rebuilds) the vector index of a LanceDB table, run as a child process by
// lancedb-maintenance.ts. In the serving process the build occupied LanceDB's native runtime, and
// every write waited for it: 25 s at 100k rows (docs/vector-stores.md, "Index deltas").
// Plain JavaScript, so it runs with bare `node` however the parent was started.
// argv: <dir> <table> <JSON options of lancedb.Index.hnswSq>
import process from 'node:process';
import * as lancedb from '@lancedb/lancedb';

const [dir, tableName, json] = process.argv.slice(2);
try {
  const db = await lancedb.connect(dir);
  const table = await db.openTable(tableName);
  await table.createIndex('vector', { config: lancedb.Index.hnswSq(JSON.parse(json)), replace: true });
  table.close();
  db.close();
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
