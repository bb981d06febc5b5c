// Folds a customer's booking events into bookings as they stand now (pure; resolvers feed it).
import type { StoredEvent } from 'context-gateway';
import type { BookingCancelled, BookingCreated, FlightChanged } from './schema.ts';

export const BOOKING_TYPES = ['airline.booking.cancelled', 'airline.booking.created', 'airline.flight.changed'] as const;

export interface Booking {
  ref: string;
  status: 'CONFIRMED' | 'CHANGED' | 'CANCELLED';
  flightNumber: string;
  origin: string;
  destination: string;
  departure: string;
  cabin: string;
  passengers: number;
  fare: { amount: number; currency: string };
  bookedAt: string;
  changes: { at: string; reason: string; flightNumber: string; departure: string; delayMinutes: number | null }[];
  cancelledAt: string | null;
  cancelledBy: string | null;
  refund: { amount: number; currency: string } | null;
}

function create(e: StoredEvent): Booking {
  const p = e.payload as BookingCreated;
  const { bookingRef, ...rest } = p;
  return { ...rest, ref: bookingRef, status: 'CONFIRMED', bookedAt: e.timestamp, changes: [], cancelledAt: null, cancelledBy: null, refund: null };
}

function change(b: Booking, e: StoredEvent): void {
  const p = e.payload as FlightChanged;
  b.flightNumber = p.newFlightNumber ?? b.flightNumber;
  b.departure = p.newDeparture;
  b.changes.push({ at: e.timestamp, reason: p.reason, flightNumber: b.flightNumber, departure: b.departure, delayMinutes: p.delayMinutes ?? null });
  if (b.status !== 'CANCELLED') b.status = 'CHANGED';
}

function cancel(b: Booking, e: StoredEvent): void {
  const p = e.payload as BookingCancelled;
  Object.assign(b, { status: 'CANCELLED', cancelledAt: e.timestamp, cancelledBy: p.by, refund: p.refund ?? null });
}

/** `events` newest first (as the timeline returns them); bookings newest first by booking time. */
export function foldBookings(events: readonly StoredEvent[]): Booking[] {
  const byRef = new Map<string, Booking>();
  for (const e of [...events].reverse()) {
    const ref = (e.payload as { bookingRef?: string }).bookingRef ?? '';
    if (e.type === 'airline.booking.created') byRef.set(ref, create(e));
    const b = byRef.get(ref);
    // A change or cancellation of a booking older than the kept timeline has nothing to apply to.
    if (!b) continue;
    if (e.type === 'airline.flight.changed') change(b, e);
    if (e.type === 'airline.booking.cancelled') cancel(b, e);
  }
  return [...byRef.values()].sort((a, b) => (a.bookedAt < b.bookedAt ? 1 : a.bookedAt > b.bookedAt ? -1 : 0));
}
