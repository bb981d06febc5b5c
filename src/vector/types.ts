// The storage contract for retrieval: every vector store adapter (LanceDB, Weaviate) implements
// VectorStore, and test/vector/conformance.ts holds them all to the same behaviour.

/** JSON value as stored in a chunk's metadata. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** One chunk of one document, as written. */
export interface VectorRecord {
  /** Chunk id, unique within a tenant; upserting an existing id replaces that chunk. */
  id: string;
  documentId: string;
  /** Position of the chunk in its document, from 0. */
  chunkIndex: number;
  text: string;
  vector: number[];
  /** Owner customer; `null` marks tenant-wide knowledge (policies, FAQs). */
  customerId: string | null;
  /** Plugin or event source that produced the document. */
  source: string;
  metadata: JsonObject;
  createdAt: Date;
  updatedAt: Date;
}

/**
 * Metadata equality filter: `{ field: value }`, every pair must match (AND).
 * Only top-level fields of `metadata` with string, finite number or boolean values are filterable;
 * nested objects, arrays, null and operator objects are refused with InvalidFilterError.
 */
export type MetadataFilter = Record<string, string | number | boolean>;

export interface VectorQuery {
  vector: number[];
  /** Number of hits wanted, at most 1000. */
  k: number;
  filter?: MetadataFilter;
  /** `undefined`: any document; `null`: only tenant-wide knowledge; a string: only that customer's. */
  customerId?: string | null;
  /** Hide chunks created at or after this instant (the GraphQL `asOf`). */
  createdBefore?: Date;
  /** Keywords for hybrid search where the store supports it; ignored otherwise (see docs/vector-stores.md). */
  text?: string;
}

export interface VectorHit {
  id: string;
  documentId: string;
  text: string;
  /** Higher is closer. Cosine similarity for pure vector search; the store's fused score for hybrid. */
  score: number;
  source: string;
  metadata: JsonObject;
  customerId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Exactly one selector; deleting by customerId is how forgetCustomer erases a customer's documents. */
export type DeleteSelector = { ids: string[] } | { documentId: string } | { customerId: string };

export interface CollectionSpec {
  dimension: number;
  /** Embedder model name; recorded so that a later open with another model is refused. */
  model: string;
}

export interface VectorStore {
  /** Create the collection, or check that the existing one was made with the same model and dimension. */
  ensureCollection(spec: CollectionSpec): Promise<void>;
  upsert(tenant: string, records: VectorRecord[]): Promise<void>;
  /** Returns how many chunks were deleted when the store can tell, otherwise -1. */
  delete(tenant: string, selector: DeleteSelector): Promise<number>;
  query(tenant: string, query: VectorQuery): Promise<VectorHit[]>;
  close(): Promise<void>;
}
