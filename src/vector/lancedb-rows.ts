// Pure mapping between VectorRecord / VectorQuery and the LanceDB table: schema, rows, SQL predicates.
// Kept free of I/O so it is unit-tested without a table.
import { Field, FixedSizeList, Float32, Int32, Int64, List, Schema, Utf8 } from 'apache-arrow';
import { filterKeys, metaKeys } from './filter.ts';
import type { JsonObject, VectorHit, VectorQuery, VectorRecord } from './types.ts';

/** Schema metadata keys that pin the embedder a table was built with. */
export const META_MODEL = 'context_gateway.model';
export const META_DIMENSION = 'context_gateway.dimension';

/** Each table (customers' documents, knowledge) holds every tenant; `tenant` is a column with a bitmap index. */
export function chunkSchema(dimension: number, model: string): Schema {
  const fields = [
    new Field('tenant', new Utf8(), false),
    new Field('id', new Utf8(), false),
    new Field('document_id', new Utf8(), false),
    new Field('chunk_index', new Int32(), false),
    new Field('text', new Utf8(), false),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
    new Field('customer_id', new Utf8(), true),
    new Field('source', new Utf8(), false),
    new Field('metadata', new Utf8(), false),
    new Field('meta_keys', new List(new Field('item', new Utf8(), true)), false),
    new Field('created_at', new Int64(), false),
    new Field('updated_at', new Int64(), false),
  ];
  return new Schema(fields, new Map([[META_MODEL, model], [META_DIMENSION, String(dimension)]]));
}

export function toRow(tenant: string, r: VectorRecord): Record<string, unknown> {
  return {
    tenant,
    id: r.id,
    document_id: r.documentId,
    chunk_index: r.chunkIndex,
    text: r.text,
    vector: r.vector,
    customer_id: r.customerId,
    source: r.source,
    metadata: JSON.stringify(r.metadata),
    meta_keys: metaKeys(r.metadata),
    created_at: BigInt(r.createdAt.getTime()),
    updated_at: BigInt(r.updatedAt.getTime()),
  };
}

/** Columns read back for a hit; the vector itself is never returned to callers. */
export const HIT_COLUMNS = [
  'id', 'document_id', 'text', 'customer_id', 'source', 'metadata', 'created_at', 'updated_at', '_distance',
];

/** Cosine distance (0..2) becomes cosine similarity (-1..1), so a higher score is always better. */
export function toHit(row: Record<string, unknown>): VectorHit {
  return {
    id: String(row.id),
    documentId: String(row.document_id),
    text: String(row.text),
    score: 1 - Number(row._distance),
    source: String(row.source),
    metadata: JSON.parse(String(row.metadata)) as JsonObject,
    customerId: row.customer_id == null ? null : String(row.customer_id),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

/** SQL string literal: standard SQL doubles quotes; backslashes are not escapes in Lance's dialect. */
export const sql = (s: string): string => `'${s.replaceAll("'", "''")}'`;

export function tenantWhere(tenant: string): string {
  return `tenant = ${sql(tenant)}`;
}

/** The prefilter of a query: tenant, owner, creation time and metadata equality, ANDed. */
export function queryWhere(tenant: string, q: Pick<VectorQuery, 'customerId' | 'createdBefore' | 'filter'>): string {
  return [tenantWhere(tenant), ...ownWhere(q)].join(' AND ');
}

/** The predicates of a query besides the tenant's: owner, creation time, metadata equality. */
export function ownWhere(q: Pick<VectorQuery, 'customerId' | 'createdBefore' | 'filter'>): string[] {
  const parts: string[] = [];
  if (q.customerId === null) parts.push('customer_id IS NULL');
  else if (q.customerId !== undefined) parts.push(`customer_id = ${sql(q.customerId)}`);
  if (q.createdBefore) parts.push(`created_at < ${q.createdBefore.getTime()}`);
  const keys = filterKeys(q.filter);
  if (keys.length > 0) parts.push(`array_has_all(meta_keys, [${keys.map(sql).join(', ')}])`);
  return parts;
}

export function idsWhere(tenant: string, ids: string[]): string {
  return `${tenantWhere(tenant)} AND id IN (${ids.map(sql).join(', ')})`;
}
