// The contract every embedder meets, so the vector store and the ingest path never care which one runs.

export interface Embedder {
  /** Stable model name; the vector store records it and refuses to mix vectors from another model. */
  readonly model: string;
  /** Length of every vector `embed` returns. */
  readonly dimension: number;
  /** One vector per input text, in input order. */
  embed(texts: string[]): Promise<number[][]>;
}

/** Pino-compatible subset; every method optional in effect because callers pass a child logger or nothing. */
export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
  debug(obj: unknown, msg?: string): void;
}
