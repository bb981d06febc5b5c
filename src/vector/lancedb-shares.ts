// How much of the table each tenant holds, so a query can skip the tenant prefilter when it would
// select (nearly) every row: Lance checks a prefilter against every row of the searched graph, which
// cost about 3 ms a query at 100k rows (docs/vector-stores.md), for a mask that rejects nothing.
import type * as lancedb from '@lancedb/lancedb';
import { tenantWhere } from './lancedb-rows.ts';

export class TenantShares {
  private readonly known = new Map<string, { share: number; at: number }>();
  private readonly refreshing = new Set<string>();

  /** @param ttlMs how long a measured share is trusted before it is counted again */
  constructor(
    private readonly table: lancedb.Table,
    private readonly ttlMs = 60_000,
  ) {}

  /** The last measured share of rows (0..1) that belong to `tenant`; 0 until first measured. Refreshes in the background. */
  get(tenant: string): number {
    const entry = this.known.get(tenant);
    if (!entry || Date.now() - entry.at > this.ttlMs) this.refresh(tenant);
    return entry?.share ?? 0;
  }

  private refresh(tenant: string): void {
    if (this.refreshing.has(tenant)) return;
    this.refreshing.add(tenant);
    void Promise.all([this.table.countRows(tenantWhere(tenant)), this.table.countRows()])
      .then(([mine, all]) => this.known.set(tenant, { share: all === 0 ? 0 : mine / all, at: Date.now() }))
      .catch(() => undefined) // a failed count only keeps the safe default (prefilter)
      .finally(() => this.refreshing.delete(tenant));
  }
}
