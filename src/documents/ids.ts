// Document ids as the vector store keeps them. Producers pick ids per owner (two customers may both
// have "ticket-1"), so the stored id carries the owner; hits map back to the producer's id.

/** `k:<id>` for knowledge, `c:<length>:<customer>:<id>` for a customer's document (length keeps it unambiguous). */
export function storedDocumentId(customerId: string | null, documentId: string): string {
  return customerId === null ? `k:${documentId}` : `c:${customerId.length}:${customerId}:${documentId}`;
}

export function producerDocumentId(customerId: string | null, stored: string): string {
  const prefix = customerId === null ? 'k:' : `c:${customerId.length}:${customerId}:`;
  return stored.startsWith(prefix) ? stored.slice(prefix.length) : stored;
}
