// The document vocabulary shared by plugins (event -> documents), the indexer and the read side.
import type { MetadataFilter, VectorHit } from '../vector/types.ts';

/** A document to add or replace: tenant-wide knowledge, or the event's customer's own text. */
export interface DocumentInput {
  /** Unique per owner (the event's customer, or the tenant for knowledge); re-using it replaces the document. */
  documentId: string;
  text: string;
  /** Embedded with every chunk and kept in `metadata.title`. */
  title?: string;
  /** Top-level string, number and boolean fields are filterable (`knowledge(filter: {...})`); `factKey` names the fact for the context. */
  metadata?: Record<string, unknown>;
}

/** Removes a document and all its chunks. */
export interface DocumentDeletion {
  documentId: string;
  deleted: true;
}

export type DocumentChange = DocumentInput | DocumentDeletion;

export const isDeletion = (c: DocumentChange): c is DocumentDeletion => 'deleted' in c && c.deleted === true;

/** One search: a customer's documents (customerId set) or the tenant's knowledge (null). */
export interface DocumentQuery {
  customerId: string | null;
  query: string;
  k: number;
  /** ms; documents created after it are hidden. */
  asOf: number | null;
  filter: MetadataFilter | null;
}

/** A search hit: the best-matching chunk of one document. */
export interface DocumentHit extends Omit<VectorHit, 'id' | 'documentId'> {
  /** The document id as the producer sent it; `text` is its best-matching chunk. */
  id: string;
}
