// Embedded LanceDB adapter (the default store): one table on local disk, tenant as a column.
// Writes are serialised in-process; an ANN index is built once the table is big enough that a flat
// scan would miss the latency target, and rows written since are searched flat until optimize().
import * as lancedb from '@lancedb/lancedb';
import type { Logger } from '../embeddings/types.ts';
import { ModelMismatchError, NotReadyError } from './errors.ts';
import { checkQuery, checkVector } from './filter.ts';
import { LanceMaintenance, VECTOR_INDEX, type MaintenanceOptions } from './lancedb-maintenance.ts';
import { TenantShares } from './lancedb-shares.ts';
import {
  HIT_COLUMNS, META_DIMENSION, META_MODEL, chunkSchema, idsWhere, ownWhere, queryWhere, sql, tenantWhere, toHit, toRow,
} from './lancedb-rows.ts';
import type { CollectionSpec, DeleteSelector, VectorHit, VectorQuery, VectorRecord, VectorStore } from './types.ts';

export interface LanceDbStoreOptions extends MaintenanceOptions {
  /** Data directory. @default '.data/lancedb' */
  dir?: string;
  /** Table name. @default 'chunks' */
  table?: string;
  /** IVF partitions probed per query (ANN path only; the index has one per 250k rows). @default 2 */
  nprobes?: number;
  /** HNSW candidate list size per partition (ANN path only). @default 250 */
  ef?: number;
  /** Candidates re-scored on full-precision vectors, as a multiple of k; 0 turns re-scoring off (ANN path only). @default 2 */
  refineFactor?: number;
  /**
   * A tenant holding at least this share of the table is filtered after the ANN search instead of
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

export function createLanceDbStore(options: LanceDbStoreOptions = {}): LanceDbStore {
  return new LanceDbStore(options);
}

export class LanceDbStore implements VectorStore {
  private db?: lancedb.Connection;
  private table?: lancedb.Table;
  private dimension = 0;
  /** Tail of the write chain: merge-inserts, deletes and compaction never race each other. */
  private writes: Promise<unknown> = Promise.resolve();
  private maintenance?: LanceMaintenance;
  private shares?: TenantShares;

  constructor(private readonly options: LanceDbStoreOptions) {}

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    const dir = this.options.dir ?? '.data/lancedb';
    this.db ??= await lancedb.connect(dir, { readConsistencyInterval: this.options.readConsistencySeconds ?? 0.25 });
    const name = this.options.table ?? 'chunks';
    const exists = (await this.db.tableNames()).includes(name);
    const table = exists
      ? await this.db.openTable(name)
      : await this.db.createEmptyTable(name, chunkSchema(spec.dimension, spec.model), { existOk: true });
    if (exists) await checkSpec(table, spec);
    this.table = table;
    this.dimension = spec.dimension;
    this.maintenance = new LanceMaintenance(table, { dir, name }, this.options, (fn) => this.serial(fn), this.options.logger);
    this.shares = new TenantShares(table);
  }

  async upsert(tenant: string, records: VectorRecord[]): Promise<void> {
    const table = this.ready();
    if (records.length === 0) return;
    for (const r of records) checkVector(r.vector, this.dimension, `vector of chunk "${r.id}"`);
    // A merge-insert source with duplicate keys is ambiguous; the last write of an id wins.
    const rows = [...new Map(records.map((r) => [r.id, toRow(tenant, r)])).values()];
    const data = lancedb.makeArrowTable(rows, { schema: await table.schema() });
    await this.serial(() =>
      table.mergeInsert(['tenant', 'id']).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data),
    );
    this.maintenance?.noteWrites(rows.length);
  }

  async delete(tenant: string, selector: DeleteSelector): Promise<number> {
    const table = this.ready();
    const predicates = deletePredicates(tenant, selector);
    let deleted = 0;
    for (const p of predicates) deleted += (await this.serial(() => table.delete(p))).numDeletedRows;
    return deleted;
  }

  async query(tenant: string, q: VectorQuery): Promise<VectorHit[]> {
    const table = this.ready();
    checkQuery(q, this.dimension);
    const where = queryWhere(tenant, q);
    const search = () => table.vectorSearch(q.vector).distanceType('cosine').where(where).select(HIT_COLUMNS);
    // One customer's chunks are few: an exact scan over the prefiltered rows beats probing partitions
    // that may hold none of them (IVF + a narrow prefilter loses recall).
    if (typeof q.customerId === 'string') return toHits(search().limit(q.k).bypassVectorIndex());
    const share = this.shares?.get(tenant) ?? 0;
    if (share >= (this.options.postfilterShare ?? 0.9)) {
      // The tenant predicate selects (nearly) every row yet costs a check per row (~3.5 ms a query
      // at 100k rows): search without it, over-fetching by the other tenants' share, and keep this
      // tenant's rows here; the tenant column comes with the hit columns (Lance's own postfilter
      // fetched it in a separate step, ~4 ms more). The other predicates (owner, time, metadata)
      // stay in the prefilter. Too few left means other tenants' rows crowded this tenant's out of
      // the candidates, so ask again with the whole prefilter.
      const rest = ownWhere(q);
      let unfiltered = table.vectorSearch(q.vector).distanceType('cosine').select(TENANT_HIT_COLUMNS);
      if (rest.length > 0) unfiltered = unfiltered.where(rest.join(' AND '));
      const rows = (await this.ann(unfiltered, Math.ceil(q.k / share)).toArray()) as Record<string, unknown>[];
      const hits = rows.filter((r) => r.tenant === tenant).map(toHit);
      if (hits.length >= q.k) return hits.slice(0, q.k);
    }
    return toHits(this.ann(search(), q.k));
  }

  private ann(search: lancedb.VectorQuery, limit: number): lancedb.VectorQuery {
    const o = this.options;
    search = search.limit(limit).nprobes(o.nprobes ?? 2).ef(o.ef ?? 250);
    const refine = o.refineFactor ?? 2;
    return refine > 0 ? search.refineFactor(refine) : search;
  }

  /** Build missing indexes and fold new rows into them now, instead of waiting for the write threshold. */
  async maintain(): Promise<void> {
    this.ready();
    await this.maintenance?.run();
  }

  /** Columns that currently have an index; for operators and tests. */
  async indexedColumns(): Promise<string[]> {
    return (await this.ready().listIndices()).flatMap((i) => i.columns);
  }

  /** Delta indexes the vector index is made of (0 without one); each is searched apart. For operators and tests. */
  async vectorIndexDeltas(): Promise<number> {
    return (await this.ready().indexStats(VECTOR_INDEX))?.numIndices ?? 0;
  }

  async close(): Promise<void> {
    await this.maintenance?.stop();
    await this.writes.catch(() => undefined);
    this.table?.close();
    this.db?.close();
    this.table = undefined;
    this.db = undefined;
  }

  private ready(): lancedb.Table {
    if (!this.table) throw new NotReadyError();
    return this.table;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.writes.then(fn, fn);
    this.writes = run.catch(() => undefined);
    return run;
  }
}

const TENANT_HIT_COLUMNS = [...HIT_COLUMNS, 'tenant'];

async function toHits(search: lancedb.VectorQuery): Promise<VectorHit[]> {
  return ((await search.toArray()) as Record<string, unknown>[]).map(toHit);
}

async function checkSpec(table: lancedb.Table, wanted: CollectionSpec): Promise<void> {
  const meta = (await table.schema()).metadata;
  const stored = { model: meta.get(META_MODEL) ?? '(unknown)', dimension: Number(meta.get(META_DIMENSION)) };
  if (stored.model !== wanted.model || stored.dimension !== wanted.dimension) throw new ModelMismatchError(stored, wanted);
}

/** Ids are deleted in slices so one predicate never grows without bound. */
export function deletePredicates(tenant: string, selector: DeleteSelector): string[] {
  if ('ids' in selector) {
    const out: string[] = [];
    for (let i = 0; i < selector.ids.length; i += 500) out.push(idsWhere(tenant, selector.ids.slice(i, i + 500)));
    return out;
  }
  if ('documentId' in selector) return [`${tenantWhere(tenant)} AND document_id = ${sql(selector.documentId)}`];
  return [`${tenantWhere(tenant)} AND customer_id = ${sql(selector.customerId)}`];
}
