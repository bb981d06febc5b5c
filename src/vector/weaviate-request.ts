// Pure request building and result mapping for the Weaviate adapter: connection options, collection
// schema, objects, filters, search arguments, hits. No I/O here, so all of it is tested without a server.
import { createHash } from 'node:crypto';
import weaviate, { Filters, generateUuid5, type FilterValue, type WeaviateNonGenericObject } from 'weaviate-client';
import { VectorConfigError } from './errors.ts';
import { filterKeys, metaKeys } from './filter.ts';
import type { CollectionSpec, DeleteSelector, JsonObject, VectorHit, VectorQuery, VectorRecord } from './types.ts';

export interface WeaviateConnection {
  /** HTTP endpoint, e.g. `http://localhost:8080` (WEAVIATE_URL). */
  url: string;
  apiKey?: string;
  /** gRPC host. @default the host of `url` */
  grpcHost?: string;
  /** gRPC port. @default 50051 (443 when `url` is https and no port is given) */
  grpcPort?: number;
}

export function connectionOptions(c: WeaviateConnection) {
  let u: URL;
  try {
    u = new URL(c.url);
  } catch {
    throw new VectorConfigError(`WEAVIATE_URL is not a URL: "${c.url}"`);
  }
  const secure = u.protocol === 'https:';
  return {
    httpHost: u.hostname,
    httpPort: u.port ? Number(u.port) : secure ? 443 : 80,
    httpSecure: secure,
    httpPath: u.pathname === '/' ? undefined : u.pathname.replace(/\/+$/, ''),
    grpcHost: c.grpcHost ?? u.hostname,
    grpcPort: c.grpcPort ?? (secure && !u.port ? 443 : 50051),
    grpcSecure: secure,
    authCredentials: c.apiKey ? new weaviate.ApiKey(c.apiKey) : undefined,
  };
}

/** Weaviate tenant names allow [A-Za-z0-9_-]{1,64}; other names are hashed, under a prefix valid names cannot take. */
export function tenantName(tenant: string): string {
  if (/^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/.test(tenant) && !tenant.startsWith('h--')) return tenant;
  return `h--${createHash('sha256').update(tenant).digest('hex').slice(0, 48)}`;
}

const SPEC_PREFIX = 'context-gateway chunks; embedder=';

/** The embedder is recorded in the collection description (Weaviate has no free-form collection metadata). */
export const describeSpec = (spec: CollectionSpec): string => `${SPEC_PREFIX}${JSON.stringify(spec)}`;

export function parseSpec(description: string | undefined): CollectionSpec | undefined {
  if (!description?.startsWith(SPEC_PREFIX)) return undefined;
  return JSON.parse(description.slice(SPEC_PREFIX.length)) as CollectionSpec;
}

/** `field` tokenization: ids and keys are matched whole, never split into words. */
const keyword = { dataType: 'text' as const, tokenization: 'field' as const, indexSearchable: false };

export function collectionConfig(name: string, spec: CollectionSpec) {
  return {
    name,
    description: describeSpec(spec),
    multiTenancy: weaviate.configure.multiTenancy({ enabled: true, autoTenantCreation: true, autoTenantActivation: true }),
    invertedIndex: weaviate.configure.invertedIndex({ indexNullState: true }),
    vectorizers: weaviate.configure.vectors.selfProvided({
      vectorIndexConfig: weaviate.configure.vectorIndex.hnsw({ distanceMetric: 'cosine' }),
    }),
    properties: [
      { name: 'chunkId', ...keyword },
      { name: 'documentId', ...keyword },
      { name: 'customerId', ...keyword },
      { name: 'source', ...keyword },
      { name: 'metaKeys', ...keyword, dataType: 'text[]' as const },
      { name: 'chunkIndex', dataType: 'int' as const },
      { name: 'text', dataType: 'text' as const, tokenization: 'word' as const },
      { name: 'metadata', dataType: 'text' as const, indexFilterable: false, indexSearchable: false },
      { name: 'createdAt', dataType: 'date' as const, indexRangeFilters: true },
      { name: 'updatedAt', dataType: 'date' as const },
    ],
  };
}

/** Object UUIDs derive from chunk ids, so re-upserting an id overwrites the same object. */
export const objectId = (chunkId: string): string => generateUuid5(chunkId);

export function toObject(r: VectorRecord) {
  return {
    id: objectId(r.id),
    vectors: r.vector,
    properties: {
      chunkId: r.id,
      documentId: r.documentId,
      chunkIndex: r.chunkIndex,
      text: r.text,
      customerId: r.customerId,
      source: r.source,
      metadata: JSON.stringify(r.metadata),
      metaKeys: metaKeys(r.metadata),
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    },
  };
}

const prop = (name: string) => weaviate.filter.byProperty(name);

function and(filters: FilterValue[]): FilterValue | undefined {
  if (filters.length === 0) return undefined;
  return filters.length === 1 ? filters[0] : Filters.and(...filters);
}

/** Tenancy is the shard itself; this is everything else a query restricts on. */
export function queryFilters(q: Pick<VectorQuery, 'customerId' | 'createdBefore' | 'filter'>): FilterValue | undefined {
  const parts: FilterValue[] = [];
  if (q.customerId === null) parts.push(prop('customerId').isNull(true));
  else if (q.customerId !== undefined) parts.push(prop('customerId').equal(q.customerId));
  if (q.createdBefore) parts.push(prop('createdAt').lessThan(q.createdBefore));
  const keys = filterKeys(q.filter);
  if (keys.length > 0) parts.push(prop('metaKeys').containsAll(keys));
  return and(parts);
}

export function deleteFilter(selector: DeleteSelector): FilterValue {
  if ('ids' in selector) return prop('chunkId').containsAny(selector.ids);
  if ('documentId' in selector) return prop('documentId').equal(selector.documentId);
  return prop('customerId').equal(selector.customerId);
}

const RETURN_PROPERTIES = ['chunkId', 'documentId', 'text', 'customerId', 'source', 'metadata', 'createdAt', 'updatedAt'];

/** Hybrid when the caller gave keywords: BM25 on `text` fused with the vector (relative-score fusion). */
export function searchArgs(q: VectorQuery, alpha = 0.75) {
  const common = { limit: q.k, filters: queryFilters(q), returnProperties: RETURN_PROPERTIES };
  if (q.text !== undefined && q.text.trim() !== '') {
    return {
      kind: 'hybrid' as const,
      query: q.text,
      options: { ...common, vector: q.vector, alpha, queryProperties: ['text'], fusionType: 'RelativeScore' as const, returnMetadata: ['score' as const] },
    };
  }
  return { kind: 'nearVector' as const, vector: q.vector, options: { ...common, returnMetadata: ['distance' as const] } };
}

/** Cosine distance becomes similarity; a hybrid hit carries Weaviate's fused score instead. */
export function toHit(o: Pick<WeaviateNonGenericObject, 'properties' | 'metadata'>): VectorHit {
  const p = o.properties;
  const score = o.metadata?.score ?? 1 - (o.metadata?.distance ?? 1);
  return {
    id: String(p.chunkId),
    documentId: String(p.documentId),
    text: String(p.text),
    score,
    source: String(p.source),
    metadata: JSON.parse(String(p.metadata ?? '{}')) as JsonObject,
    customerId: p.customerId == null ? null : String(p.customerId),
    createdAt: asDate(p.createdAt),
    updatedAt: asDate(p.updatedAt),
  };
}

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
