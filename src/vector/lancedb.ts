// Embedded LanceDB adapter (the default store), on local disk, tenant as a column. Two tables: the
// customers' documents, and tenant-wide knowledge apart, so a knowledge search needs no owner
// predicate (~3 ms of CPU a query at 100k rows; docs/vector-stores.md). Writes are serialised
// in-process; an ANN index is built once a table is big enough that a flat scan would miss the
// latency target, and rows written since are searched flat until optimize().
import * as lancedb from '@lancedb/lancedb';
import type { Logger } from '../embeddings/types.ts';
import { NotReadyError } from './errors.ts';
import { checkQuery, checkVector } from './filter.ts';
import type { MaintenanceOptions } from './lancedb-maintenance.ts';
import { moveKnowledge } from './lancedb-migrate.ts';
import { LancePart, type PartContext } from './lancedb-part.ts';
import { idsWhere, sql, tenantWhere, toRow } from './lancedb-rows.ts';
import type { CollectionSpec, DeleteSelector, VectorHit, VectorQuery, VectorRecord, VectorStore } from './types.ts';

export interface LanceDbStoreOptions extends MaintenanceOptions {
  /** Data directory. @default '.data/lancedb' */
  dir?: string;
  /** Table of the customers' documents; tenant-wide knowledge is in `<table>_knowledge`. @default 'chunks' */
  table?: string;
  /** IVF partitions probed per query (ANN path only; the index has one per 250k rows). @default 2 */
  nprobes?: number;
  /** HNSW candidate list size per partition (ANN path only). @default 250 */
  ef?: number;
  /** Candidates re-scored on full-precision vectors, as a multiple of k; 0 turns re-scoring off (ANN path only). @default 2 */
  refineFactor?: number;
  /**
   * A tenant holding at least this share of a table is filtered after the ANN search instead of
   * before it (its prefilter would reject almost nothing but costs a check per row); above 1, never. @default 0.9
   */
  postfilterShare?: number;
  /**
   * Seconds after which a read looks for table versions other processes wrote (a `context-gateway
   * worker`, another copy of `serve --processes`); 0 looks on every read. This process's own writes
   * are seen at once. @default 0.25
   */
  readConsistencySeconds?: number;
  logger?: Logger;
}

/** The table that holds tenant-wide knowledge, beside the customers' documents' table. */
export const knowledgeTableName = (table = 'chunks'): string => `${table}_knowledge`;

export function createLanceDbStore(options: LanceDbStoreOptions = {}): LanceDbStore {
  return new LanceDbStore(options);
}

type Owner = 'customers' | 'knowledge';
const ownerOf = (r: VectorRecord): Owner => (r.customerId === null ? 'knowledge' : 'customers');

export class LanceDbStore implements VectorStore {
  private db?: lancedb.Connection;
  private parts?: Record<Owner, LancePart>;
  private dimension = 0;
  /** Tail of the write chain: merge-inserts, deletes and compaction never race each other. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: LanceDbStoreOptions) {}

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const dir = this.options.dir ?? '.data/lancedb';
    this.db ??= await lancedb.connect(dir, { readConsistencyInterval: this.options.readConsistencySeconds ?? 0.25 });
    const name = this.options.table ?? 'chunks';
    const ctx: PartContext = { dir, options: this.options, serial: (fn) => this.serial(fn), logger: this.options.logger };
    const customers = await LancePart.open(this.db, name, spec, ctx);
    const knowledge = await LancePart.open(this.db, knowledgeTableName(name), spec, ctx);
    await moveKnowledge(dir, customers, knowledge, this.options.logger);
    this.parts = { customers, knowledge };
    this.dimension = spec.dimension;
  }

  async upsert(tenant: string, records: VectorRecord[]): Promise<void> {
    const parts = this.ready();
    if (records.length === 0) return;
    for (const r of records) checkVector(r.vector, this.dimension, `vector of chunk "${r.id}"`);
    // A merge-insert source with duplicate keys is ambiguous; the last write of an id wins.
    const last = [...new Map(records.map((r) => [r.id, r])).values()];
    for (const owner of ['knowledge', 'customers'] as const) {
      const mine = last.filter((r) => ownerOf(r) === owner);
      if (mine.length === 0) continue;
      await parts[owner].merge(mine.map((r) => toRow(tenant, r)));
      // An id that changed owner leaves the other table: an id names one chunk.
      const other = parts[owner === 'knowledge' ? 'customers' : 'knowledge'];
      for (const p of idPredicates(tenant, mine.map((r) => r.id))) await other.deleteIfAny(p);
    }
  }

  async delete(tenant: string, selector: DeleteSelector): Promise<number> {
    const parts = this.ready();
    // A customer's documents are all in their table; an id or a document may be in either.
    const tables = 'customerId' in selector ? [parts.customers] : [parts.knowledge, parts.customers];
    let deleted = 0;
    for (const part of tables) for (const p of deletePredicates(tenant, selector)) deleted += await part.deleteIfAny(p);
    return deleted;
  }

  async query(tenant: string, q: VectorQuery): Promise<VectorHit[]> {
    const parts = this.ready();
    checkQuery(q, this.dimension);
    if (q.customerId === null) return parts.knowledge.search(tenant, { ...q, customerId: undefined });
    if (typeof q.customerId === 'string') return parts.customers.search(tenant, q);
    // Any owner: both tables, one ranking.
    const [a, b] = await Promise.all([parts.knowledge.search(tenant, q), parts.customers.search(tenant, q)]);
    return [...a, ...b].sort((x, y) => y.score - x.score).slice(0, q.k);
  }

  /** Build missing indexes and fold new rows into them now, instead of waiting for the write threshold. */
  async maintain(): Promise<void> {
    const parts = this.ready();
    await parts.customers.maintain();
    await parts.knowledge.maintain();
  }

  /** Columns that have an index in either table (an empty table has none); for operators and tests. */
  async indexedColumns(): Promise<string[]> {
    const parts = this.ready();
    return [...new Set([...(await parts.customers.indexedColumns()), ...(await parts.knowledge.indexedColumns())])];
  }

  /** Columns with an index in one table; for operators and tests. */
  async indexedColumnsOf(owner: Owner): Promise<string[]> {
    return this.ready()[owner].indexedColumns();
  }

  /** Delta indexes the vector index is made of, in the larger of the two (0 without one); each is searched apart. For operators and tests. */
  async vectorIndexDeltas(): Promise<number> {
    const parts = this.ready();
    return Math.max(await parts.customers.vectorIndexDeltas(), await parts.knowledge.vectorIndexDeltas());
  }

  async close(): Promise<void> {
    await this.parts?.customers.close();
    await this.parts?.knowledge.close();
    await this.writes.catch(() => undefined);
    this.parts?.customers.table.close();
    this.parts?.knowledge.table.close();
    this.db?.close();
    this.parts = undefined;
    this.db = undefined;
  }

  private ready(): Record<Owner, LancePart> {
    if (!this.parts) throw new NotReadyError();
    return this.parts;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }
}

/** Ids are matched in slices so one predicate never grows without bound. */
function idPredicates(tenant: string, ids: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < ids.length; i += 500) out.push(idsWhere(tenant, ids.slice(i, i + 500)));
  return out;
}

export function deletePredicates(tenant: string, selector: DeleteSelector): string[] {
  if ('ids' in selector) return idPredicates(tenant, selector.ids);
  if ('documentId' in selector) return [`${tenantWhere(tenant)} AND document_id = ${sql(selector.documentId)}`];
  return [`${tenantWhere(tenant)} AND customer_id = ${sql(selector.customerId)}`];
}
