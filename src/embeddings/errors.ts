// Named errors of the embedding layer; `code` is stable for callers and logs.

export type EmbeddingErrorCode = 'EMBEDDINGS_HTTP' | 'EMBEDDINGS_TIMEOUT' | 'EMBEDDINGS_BAD_RESPONSE' | 'EMBEDDINGS_CONFIG';

export class EmbeddingError extends Error {
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    options?: ErrorOptions & { status?: number; body?: string },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.status = options?.status;
    this.body = options?.body;
  }
  /** HTTP status of the last attempt, when there was a response. */
  readonly status?: number;
  /** First bytes of the last response body, for the log. */
  readonly body?: string;
}
