// Stores written before knowledge had a table of its own kept it in the customers' documents'
// table. On open, those rows move: copied in batches (merge-insert, so a copy cut short and run
// again duplicates nothing), then deleted from the old table. One process at a time, under a lock
// file in the data directory, since every copy of `serve --processes` opens the store at once.
import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../embeddings/types.ts';
import type { LancePart } from './lancedb-part.ts';

const KNOWLEDGE = 'customer_id IS NULL';
const BATCH_ROWS = 10_000;
const LOCK = '.context-gateway-migrate.lock';

/** Moves every knowledge row of `from` into `to`; nothing to do (one count) on an up-to-date store. */
export async function moveKnowledge(dir: string, from: LancePart, to: LancePart, logger?: Logger): Promise<void> {
  if ((await from.table.countRows(KNOWLEDGE)) === 0) return;
  await withLock(join(dir, LOCK), async () => {
    // Another process may have moved them meanwhile: read its versions now, not at the next consistency check.
    await Promise.all([from.table.checkoutLatest(), to.table.checkoutLatest()]);
    const rows = await from.table.countRows(KNOWLEDGE);
    if (rows === 0) return;
    const started = Date.now();
    logger?.info({ rows }, 'moving knowledge chunks to their own table (once, after an upgrade)');
    // Pages of one table version, in scan order: nothing is deleted until every page is copied.
    for (let moved = 0; moved < rows; ) {
      const page = await from.table.query().where(KNOWLEDGE).offset(moved).limit(BATCH_ROWS).toArrow();
      if (page.numRows === 0) break;
      await to.merge(page);
      moved += page.numRows;
      logger?.info({ moved, rows }, 'moving knowledge chunks');
    }
    await from.deleteIfAny(KNOWLEDGE);
    logger?.info({ rows, ms: Date.now() - started }, 'knowledge chunks moved');
  });
}

/**
 * Runs `fn` holding an exclusive lock file (this process's pid inside). A lock whose process is gone
 * (it crashed mid-move) is taken over; another process's live lock is waited for.
 */
async function withLock(path: string, fn: () => Promise<void>): Promise<void> {
  for (;;) {
    const handle = await open(path, 'wx').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'EEXIST') return undefined;
      throw err;
    });
    if (handle) {
      try {
        await handle.writeFile(String(process.pid));
        await handle.close();
        return await fn();
      } finally {
        await rm(path, { force: true });
      }
    }
    const holder = Number(await readFile(path, 'utf8').catch(() => ''));
    if (holder > 0 && !alive(holder)) await rm(path, { force: true });
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
