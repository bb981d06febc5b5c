// The event as the gateway keeps it after validation: event time in ms, the owning source named.

export interface GatewayEvent {
  id: string;
  type: string;
  /** null for tenant-wide events (e.g. a knowledge document). */
  customerId: string | null;
  /** Event time, ms since the epoch. */
  timestamp: number;
  payload: Record<string, unknown>;
  /** The plugin (or `core`) that owns the event type; `events` for undeclared types. */
  source: string;
}

/** The JSON stored on a customer's timeline and returned by `Customer.events`. */
export interface StoredEvent {
  id: string;
  type: string;
  customerId: string | null;
  timestamp: string;
  payload: Record<string, unknown>;
  source: string;
}

export const toStored = (e: GatewayEvent): StoredEvent => ({
  id: e.id,
  type: e.type,
  customerId: e.customerId,
  timestamp: new Date(e.timestamp).toISOString(),
  payload: e.payload,
  source: e.source,
});

/** One rejected input event, in the shape of `Rejection`. */
export interface Rejection {
  index: number;
  id: string | null;
  code: string;
  message: string;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: Rejection[];
}
