// One table of the LanceDB store (customers' documents, or tenant-wide knowledge): its upkeep, its
// tenants' shares, and how a query is run on it. lancedb.ts routes each call to its table(s).
import * as lancedb from '@lancedb/lancedb';
import type { Table as ArrowTable } from 'apache-arrow';
import type { Logger } from '../embeddings/types.ts';
import { ModelMismatchError } from './errors.ts';
import { LanceMaintenance, VECTOR_INDEX, type MaintenanceOptions } from './lancedb-maintenance.ts';
import { TenantShares } from './lancedb-shares.ts';
import { HIT_COLUMNS, META_DIMENSION, META_MODEL, chunkSchema, ownWhere, queryWhere, toHit } from './lancedb-rows.ts';
import type { CollectionSpec, VectorHit, VectorQuery } from './types.ts';

/** Query settings of the ANN path, shared by both tables (LanceDbStoreOptions documents them). */
export interface SearchOptions {
  nprobes?: number;
  ef?: number;
  refineFactor?: number;
  postfilterShare?: number;
}

export interface PartContext {
  dir: string;
  options: SearchOptions & MaintenanceOptions;
  /** The store's one write chain: merge-inserts, deletes and compaction of either table never race. */
  serial: <T>(fn: () => Promise<T>) => Promise<T>;
  logger?: Logger;
}

type Rows = Record<string, unknown>[];

export class LancePart {
  private readonly maintenance: LanceMaintenance;
  private readonly shares: TenantShares;

  private constructor(
    readonly table: lancedb.Table,
    private readonly ctx: PartContext,
    name: string,
  ) {
    this.maintenance = new LanceMaintenance(table, { dir: ctx.dir, name }, ctx.options, ctx.serial, ctx.logger);
    this.shares = new TenantShares(table);
  }

  /** Opens the table, or creates it empty; an existing one must have been built by the same embedder. */
  static async open(db: lancedb.Connection, name: string, spec: CollectionSpec, ctx: PartContext): Promise<LancePart> {
    const exists = (await db.tableNames()).includes(name);
    const table = exists ? await db.openTable(name) : await db.createEmptyTable(name, chunkSchema(spec.dimension, spec.model), { existOk: true });
    if (exists) await checkSpec(table, spec);
    return new LancePart(table, ctx, name);
  }

  /** Inserts rows, replacing those with the same tenant and id. */
  async merge(data: ArrowTable | Rows): Promise<void> {
    const table = this.table;
    const arrow = Array.isArray(data) ? lancedb.makeArrowTable(data, { schema: await table.schema() }) : data;
    await this.ctx.serial(() => table.mergeInsert(['tenant', 'id']).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(arrow));
    this.maintenance.noteWrites(arrow.numRows);
  }

  /** Deletes what matches, without writing a table version when nothing does (a delete always writes one). */
  async deleteIfAny(predicate: string): Promise<number> {
    const table = this.table;
    // Counted inside the write chain, so a write queued before this delete is seen by the count.
    return this.ctx.serial(async () => ((await table.countRows(predicate)) > 0 ? (await table.delete(predicate)).numDeletedRows : 0));
  }

  /**
   * The nearest rows of one tenant. `q.customerId` here only narrows within this table: a string is
   * one customer (an exact scan of their few rows), null and undefined add no owner predicate.
   */
  async search(tenant: string, q: VectorQuery): Promise<VectorHit[]> {
    const table = this.table;
    const search = () => table.vectorSearch(q.vector).distanceType('cosine').where(queryWhere(tenant, q)).select(HIT_COLUMNS);
    // One customer's chunks are few: an exact scan over the prefiltered rows beats probing partitions
    // that may hold none of them (IVF + a narrow prefilter loses recall).
    if (typeof q.customerId === 'string') return toHits(search().limit(q.k).bypassVectorIndex());
    const share = this.shares.get(tenant);
    if (share >= (this.ctx.options.postfilterShare ?? 0.9)) {
      // The tenant predicate selects (nearly) every row yet costs a check per row (~3.5 ms a query
      // at 100k rows): search without it, over-fetching by the other tenants' share, and keep this
      // tenant's rows here; the tenant column comes with the hit columns (Lance's own postfilter
      // fetched it in a separate step, ~4 ms more). The other predicates (time, metadata) stay in
      // the prefilter. Too few left means other tenants' rows crowded this tenant's out of the
      // candidates, so ask again with the whole prefilter.
      const rest = ownWhere(q);
      let unfiltered = table.vectorSearch(q.vector).distanceType('cosine').select(TENANT_HIT_COLUMNS);
      if (rest.length > 0) unfiltered = unfiltered.where(rest.join(' AND '));
      const rows = (await this.ann(unfiltered, Math.ceil(q.k / share)).toArray()) as Rows;
      const hits = rows.filter((r) => r.tenant === tenant).map(toHit);
      if (hits.length >= q.k) return hits.slice(0, q.k);
    }
    return toHits(this.ann(search(), q.k));
  }

  private ann(search: lancedb.VectorQuery, limit: number): lancedb.VectorQuery {
    const o = this.ctx.options;
    search = search.limit(limit).nprobes(o.nprobes ?? 2).ef(o.ef ?? 250);
    const refine = o.refineFactor ?? 2;
    return refine > 0 ? search.refineFactor(refine) : search;
  }

  maintain(): Promise<void> {
    return this.maintenance.run();
  }

  async indexedColumns(): Promise<string[]> {
    return (await this.table.listIndices()).flatMap((i) => i.columns);
  }

  async vectorIndexDeltas(): Promise<number> {
    return (await this.table.indexStats(VECTOR_INDEX))?.numIndices ?? 0;
  }

  async close(): Promise<void> {
    await this.maintenance.stop();
  }
}

const TENANT_HIT_COLUMNS = [...HIT_COLUMNS, 'tenant'];

async function toHits(search: lancedb.VectorQuery): Promise<VectorHit[]> {
  return ((await search.toArray()) as Rows).map(toHit);
}

async function checkSpec(table: lancedb.Table, wanted: CollectionSpec): Promise<void> {
  const meta = (await table.schema()).metadata;
  const stored = { model: meta.get(META_MODEL) ?? '(unknown)', dimension: Number(meta.get(META_DIMENSION)) };
  if (stored.model !== wanted.model || stored.dimension !== wanted.dimension) throw new ModelMismatchError(stored, wanted);
}
