// Weaviate adapter (weaviate-client v3, gRPC): one collection, one native tenant (shard) per gateway
// tenant, vectors supplied by our embedder. Request shapes live in weaviate-request.ts.
import weaviate, { type Collection, type WeaviateClient } from 'weaviate-client';
import type { Logger } from '../embeddings/types.ts';
import { ModelMismatchError, NotReadyError, VectorStoreError } from './errors.ts';
import { checkQuery, checkVector } from './filter.ts';
import {
  collectionConfig, connectionOptions, deleteFilter, parseSpec, searchArgs, tenantName, toHit, toObject,
  type WeaviateConnection,
} from './weaviate-request.ts';
import type { CollectionSpec, DeleteSelector, VectorHit, VectorQuery, VectorRecord, VectorStore } from './types.ts';

export interface WeaviateStoreOptions extends WeaviateConnection {
  /** Collection name (Weaviate capitalises the first letter). @default 'ContextChunk' */
  collection?: string;
  /** Hybrid weight of the vector side, 0 = keywords only, 1 = vector only. @default 0.75 */
  alpha?: number;
  logger?: Logger;
}

export function createWeaviateStore(options: WeaviateStoreOptions): WeaviateStore {
  return new WeaviateStore(options);
}

export class WeaviateStore implements VectorStore {
  private client?: WeaviateClient;
  private collection?: Collection;
  private dimension = 0;

  constructor(private readonly options: WeaviateStoreOptions) {}

  async ensureCollection(spec: CollectionSpec): Promise<void> {
    this.client ??= await weaviate.connectToCustom(connectionOptions(this.options));
    const name = this.options.collection ?? 'ContextChunk';
    if (await this.client.collections.exists(name)) {
      const stored = parseSpec((await this.client.collections.get(name).config.get()).description);
      if (!stored || stored.model !== spec.model || stored.dimension !== spec.dimension) {
        throw new ModelMismatchError(stored ?? { model: '(not a context-gateway collection)', dimension: 0 }, spec);
      }
    } else {
      await this.client.collections.create(collectionConfig(name, spec));
    }
    this.collection = this.client.collections.get(name);
    this.dimension = spec.dimension;
  }

  async upsert(tenant: string, records: VectorRecord[]): Promise<void> {
    const col = this.ready().withTenant(tenantName(tenant));
    if (records.length === 0) return;
    for (const r of records) checkVector(r.vector, this.dimension, `vector of chunk "${r.id}"`);
    const res = await col.data.insertMany(records.map(toObject));
    if (res.hasErrors) {
      const first = Object.values(res.errors)[0];
      throw new VectorStoreError('VECTOR_INVALID_INPUT', `weaviate rejected ${Object.keys(res.errors).length} objects: ${first?.message}`);
    }
  }

  async delete(tenant: string, selector: DeleteSelector): Promise<number> {
    const col = this.ready();
    if (!(await this.tenantExists(tenant))) return 0;
    const res = await col.withTenant(tenantName(tenant)).data.deleteMany(deleteFilter(selector));
    return res.successful;
  }

  async query(tenant: string, q: VectorQuery): Promise<VectorHit[]> {
    const col = this.ready();
    checkQuery(q, this.dimension);
    // Querying a tenant that was never written is an error in Weaviate; for us it is simply empty.
    if (!(await this.tenantExists(tenant))) return [];
    const scoped = col.withTenant(tenantName(tenant));
    const args = searchArgs(q, this.options.alpha);
    const res = args.kind === 'hybrid'
      ? await scoped.query.hybrid(args.query, args.options)
      : await scoped.query.nearVector(args.vector, args.options);
    return res.objects.map(toHit);
  }

  /** Deletes the whole collection with every tenant; for tests and operators resetting a deployment. */
  async dropCollection(): Promise<void> {
    this.client ??= await weaviate.connectToCustom(connectionOptions(this.options));
    await this.client.collections.delete(this.options.collection ?? 'ContextChunk');
    await this.close();
  }

  async close(): Promise<void> {
    await this.client?.close();
    this.client = undefined;
    this.collection = undefined;
  }

  private async tenantExists(tenant: string): Promise<boolean> {
    return (await this.ready().tenants.getByName(tenantName(tenant))) !== null;
  }

  private ready(): Collection {
    if (!this.collection) throw new NotReadyError();
    return this.collection;
  }
}
