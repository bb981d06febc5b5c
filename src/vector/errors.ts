// Named errors of the vector layer; `code` values are stable so callers can map them to GraphQL codes.

export type VectorErrorCode =
  | 'VECTOR_MODEL_MISMATCH'
  | 'VECTOR_INVALID_FILTER'
  | 'VECTOR_INVALID_INPUT'
  | 'VECTOR_NOT_READY'
  | 'VECTOR_CONFIG';

export class VectorStoreError extends Error {
  constructor(
    readonly code: VectorErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The collection was built with another embedder; mixing vectors would give meaningless scores. */
export class ModelMismatchError extends VectorStoreError {
  constructor(stored: { model: string; dimension: number }, wanted: { model: string; dimension: number }) {
    super(
      'VECTOR_MODEL_MISMATCH',
      `vector store was built with embedder "${stored.model}" (dimension ${stored.dimension}) ` +
        `but is being opened with "${wanted.model}" (dimension ${wanted.dimension}); ` +
        're-embed into a new collection or data directory instead of mixing vectors',
    );
  }
}

export class InvalidFilterError extends VectorStoreError {
  constructor(message: string) {
    super('VECTOR_INVALID_FILTER', message);
  }
}

export class InvalidInputError extends VectorStoreError {
  constructor(message: string) {
    super('VECTOR_INVALID_INPUT', message);
  }
}

/** A write or query arrived before ensureCollection. */
export class NotReadyError extends VectorStoreError {
  constructor() {
    super('VECTOR_NOT_READY', 'vector store used before ensureCollection()');
  }
}

export class VectorConfigError extends VectorStoreError {
  constructor(message: string) {
    super('VECTOR_CONFIG', message);
  }
}
