// Background upkeep of a LanceDB table: scalar indexes for the prefilter columns, the ANN index
// once the table is large, and periodic optimize() that compacts small fragments and folds rows
// written since the last run into every index. Rows not yet indexed stay searchable (flat scan).
// All but the scalar indexes run in a child process (lancedb-upkeep.mjs), so writes never wait.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as lancedb from '@lancedb/lancedb';
import type { Logger } from '../embeddings/types.ts';

export interface MaintenanceOptions {
  /** Rows in the table before the ANN vector index is trained; below it every search is exact. @default 50_000 */
  indexThreshold?: number;
  /** Rows written since the last optimize that trigger the next one. @default 5_000 */
  optimizeEvery?: number;
  /**
   * Write calls since the last optimize that trigger the next one. Every upsert adds a fragment
   * that each query scans apart from the indexes: 200 one-document upserts took a 100k-row query
   * from ~15 to ~80 ms, and the optimize that folds them in took 0.8 s. @default 25
   */
  optimizeEveryWrites?: number;
  /**
   * Each optimize folds new rows into the vector index as one more delta, and a query searches every
   * delta apart (~1 ms each at 100k rows: 9 deltas took a query from 7.6 to 16.5 ms of CPU). Past
   * this many, upkeep rebuilds the index as one. @default 4
   */
  maxIndexDeltas?: number;
  /** Least time between two such rebuilds (one costs ~35 s of CPU at 100k rows). @default 10 min */
  rebuildIntervalMs?: number;
  /** Run upkeep in the background after writes; off, only maintain() runs it. @default true */
  autoMaintain?: boolean;
}

type Serial = <T>(fn: () => Promise<T>) => Promise<T>;

/** Where the table lives, for the child process that keeps it up. */
export interface TableLocation {
  dir: string;
  name: string;
}

const UPKEEP = fileURLToPath(new URL('./lancedb-upkeep.mjs', import.meta.url));
/** Child runs whose compaction lost to this process's writes before it compacts in the write chain. */
const COMPACT_HERE_AFTER = 3;

/** Lance names an index `<column>_idx` unless told otherwise. */
export const VECTOR_INDEX = 'vector_idx';
// indexStats() warns on stderr that its answer will soon leave out the IVF centroids, which this
// module never reads; opting in to that behaviour now silences it.
process.env.LANCE_INCLUDE_VECTOR_CENTROIDS ??= 'false';

/** Scalar indexes that make the prefilter of every query cheap. */
const SCALAR_INDEXES: [string, () => lancedb.Index][] = [
  ['tenant', () => lancedb.Index.bitmap()],
  ['customer_id', () => lancedb.Index.btree()],
  ['document_id', () => lancedb.Index.btree()],
  ['id', () => lancedb.Index.btree()],
  ['meta_keys', () => lancedb.Index.labelList()],
];

export class LanceMaintenance {
  private pending = 0;
  private pendingWrites = 0;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private lastRebuild = 0;
  private failedCompactions = 0;

  constructor(
    private readonly table: lancedb.Table,
    private readonly location: TableLocation,
    private readonly options: MaintenanceOptions,
    private readonly serial: Serial,
    private readonly logger?: Logger,
  ) {}

  /** Counts written rows; schedules a background run when enough accumulated. */
  noteWrites(rows: number): void {
    this.pending += rows;
    this.pendingWrites += 1;
    if (this.options.autoMaintain === false || this.stopped) return;
    const due = this.pending >= (this.options.optimizeEvery ?? 5_000) || this.pendingWrites >= (this.options.optimizeEveryWrites ?? 25);
    if (due) void this.run().catch(() => undefined);
  }

  /** Single-flight: a call during a run schedules exactly one more run after it. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    await this.running?.catch(() => undefined);
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      this.pending = 0;
      this.pendingWrites = 0;
      try {
        await this.once();
      } catch (err) {
        this.logger?.warn({ err }, 'lancedb maintenance failed; will retry after more writes');
        throw err;
      }
    } while (this.again && !this.stopped);
  }

  private async once(): Promise<void> {
    const rows = await this.table.countRows();
    if (rows === 0) return;
    const names = new Set((await this.table.listIndices()).flatMap((i) => i.columns));
    for (const [column, make] of SCALAR_INDEXES) {
      if (!names.has(column)) await this.serial(() => this.table.createIndex(column, { config: make() }));
    }
    const o = this.options;
    const index = vectorIndexOptions(rows);
    const build = !names.has('vector') && rows >= (o.indexThreshold ?? 50_000);
    const mayRebuild = names.has('vector') && Date.now() - this.lastRebuild >= (o.rebuildIntervalMs ?? 600_000);
    const started = Date.now();
    const report = await this.upkeep({
      ...(build ? { build: index } : {}),
      ...(mayRebuild ? { rebuild: { over: o.maxIndexDeltas ?? 4, with: index } } : {}),
      cleanupOlderThanMs: 60_000,
    });
    const ms = Date.now() - started;
    if (report.built) this.logger?.info({ table: this.location.name, rows, ms }, 'lancedb vector index built');
    if (report.rebuilt) {
      this.lastRebuild = Date.now();
      this.logger?.info({ table: this.location.name, rows, ms }, 'lancedb vector index rebuilt as one');
    }
    await this.table.checkoutLatest();
    if (report.compactionError) await this.compactionFailed(report.compactionError);
    else this.failedCompactions = 0;
  }

  /**
   * Compaction in the child keeps losing to this process's deletes and updates of the same rows:
   * after a few such runs, compact here, in the write chain (writes wait, but it is done).
   */
  private async compactionFailed(error: string): Promise<void> {
    this.failedCompactions += 1;
    const inChain = this.failedCompactions >= COMPACT_HERE_AFTER;
    this.logger?.warn({ table: this.location.name, err: error, failed: this.failedCompactions }, inChain ? 'lancedb compaction failed again; compacting in the write chain' : 'lancedb compaction failed; upkeep tries again after more writes');
    if (!inChain) return;
    await this.serial(() => this.table.optimize({ cleanupOlderThan: new Date(Date.now() - 60_000) }));
    this.failedCompactions = 0;
  }

  /** One run of lancedb-upkeep.mjs; its report, or an error with what the child printed. */
  private async upkeep(job: UpkeepJob): Promise<UpkeepReport> {
    const args = [UPKEEP, this.location.dir, this.location.name, JSON.stringify(job)];
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, args, { maxBuffer: 1 << 20 }, (err, out, stderr) => {
        if (err) reject(new Error(`LanceDB upkeep of table ${this.location.name} failed: ${stderr.trim() || err.message}`));
        else resolve(out);
      });
    });
    return JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as UpkeepReport;
  }
}

/** What one child run is asked to do (lancedb-upkeep.mjs). */
interface UpkeepJob {
  /** Train the vector index (none yet). */
  build?: lancedb.HnswSqOptions;
  /** Rebuild it as one when it has more than `over` deltas. */
  rebuild?: { over: number; with: lancedb.HnswSqOptions };
  cleanupOlderThanMs: number;
}

interface UpkeepReport {
  built: boolean;
  rebuilt: boolean;
  deltas: number;
  compactionError?: string;
}

/**
 * HNSW over 8-bit scalar-quantised vectors, one graph per 250k rows (one at 100k). Measured at
 * 100k x 384 (docs/vector-stores.md): IVF_PQ needed most partitions probed to reach recall 0.95 and
 * took minutes to train; 8 IVF partitions with 4 probed varied from 0.85 to 0.97 recall between
 * corpora (k-means left partitions empty); a single graph searched with ef 150 and re-scored 4x on
 * full vectors held 0.96 (queried with ef 250 and re-scoring 2x since; same cost, recall 0.97).
 */
export function vectorIndexOptions(rows: number): lancedb.HnswSqOptions {
  return { distanceType: 'cosine', numPartitions: Math.max(1, Math.round(rows / 250_000)), m: 16, efConstruction: 100 };
}
