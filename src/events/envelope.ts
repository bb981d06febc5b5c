// Validation of one incoming event: the envelope first, then the payload against its type's schema.
import { z } from 'zod';
import { RejectCode } from '../errors.ts';
import type { EventTypeRegistry } from '../plugins/registry.ts';
import type { GatewayEvent, Rejection } from './types.ts';

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

const timestampSchema = z.union([
  z.string().refine((s) => ISO_WITH_ZONE.test(s) && !Number.isNaN(Date.parse(s)), {
    message: 'must be an ISO-8601 date-time with a time zone, e.g. 2026-11-22T09:30:00Z',
  }),
  z.number().int().nonnegative().describe('epoch milliseconds'),
]);

export const envelopeSchema = z.strictObject({
  id: z.union([z.string(), z.number().int()]).transform(String).pipe(z.string().min(1, 'must not be empty').max(256)),
  type: z.string().regex(/^[A-Za-z0-9_.:-]{1,128}$/, 'must be 1-128 of A-Z a-z 0-9 _ . : -'),
  customerId: z.union([z.string().min(1).max(256), z.number().int().transform(String)]).nullish(),
  timestamp: timestampSchema,
  payload: z.record(z.string(), z.unknown()).nullish(),
});

const describe = (err: z.ZodError, prefix?: string): string =>
  err.issues
    .map((i) => {
      const path = [prefix, ...i.path.map(String)].filter(Boolean).join('.');
      return path ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');

const idOf = (raw: unknown): string | null => {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
};

export interface ValidateOptions {
  now: number;
  maxClockSkew: number;
  unknownTypes: 'accept' | 'reject';
}

export type Validated = { ok: true; event: GatewayEvent } | { ok: false; rejection: Rejection };

const reject = (index: number, raw: unknown, code: string, message: string): Validated => ({
  ok: false,
  rejection: { index, id: idOf(raw), code, message },
});

/** Validates `raw` (the `index`-th event of its request) into a GatewayEvent or a Rejection. */
export function validateEvent(raw: unknown, index: number, types: EventTypeRegistry, opts: ValidateOptions): Validated {
  const env = envelopeSchema.safeParse(raw);
  if (!env.success) return reject(index, raw, RejectCode.INVALID_EVENT, describe(env.error));
  const { id, type, customerId, timestamp, payload } = env.data;
  const ts = typeof timestamp === 'number' ? timestamp : Date.parse(timestamp);
  if (ts > opts.now + opts.maxClockSkew) {
    return reject(index, raw, RejectCode.FUTURE_TIMESTAMP, `timestamp ${new Date(ts).toISOString()} is in the future`);
  }
  const def = types.get(type);
  if (!def && opts.unknownTypes === 'reject') {
    return reject(index, raw, RejectCode.UNKNOWN_TYPE, `no source declares the event type "${type}"`);
  }
  const needs = def?.customer ?? 'required';
  if (needs === 'required' && !customerId) {
    return reject(index, raw, RejectCode.INVALID_EVENT, `customerId: events of type "${type}" need a customerId`);
  }
  if (needs === 'none' && customerId) {
    return reject(index, raw, RejectCode.INVALID_EVENT, `customerId: events of type "${type}" are tenant-wide and take no customerId`);
  }
  let body: Record<string, unknown> = payload ?? {};
  if (def?.payload) {
    const parsed = def.payload.safeParse(body);
    if (!parsed.success) return reject(index, raw, RejectCode.INVALID_PAYLOAD, describe(parsed.error, 'payload'));
    body = parsed.data as Record<string, unknown>;
  }
  return {
    ok: true,
    event: { id, type, customerId: customerId ?? null, timestamp: ts, payload: body, source: def?.source ?? 'events' },
  };
}
