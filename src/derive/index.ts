// Derived events and alerts (docs/aggregates.md, "Derived events and alerts").
export { Deriver, derivedId, type DeriverOptions } from './deriver.ts';
export { AlertOutbox, PENDING_ALERTS } from './outbox.ts';
