// Demo events for the airline: bookings from each customer's home airport, some changed or
// cancelled, and support conversations across channels (an email goes out for every change).
import type { DemoContext, DemoCustomer, EventInput } from 'context-gateway';
import { CABINS, CHANGE_REASONS, CHANNELS, TOPICS } from './schema.ts';

const AIRPORTS = ['LIS', 'BER', 'CDG', 'MAD', 'AMS', 'LHR', 'FCO', 'ARN', 'JFK', 'ORD', 'YYZ', 'SIN', 'BCN', 'ATH', 'DXB', 'NRT'];
const FARE = { economy: 180, premium: 420, business: 1300, first: 3900 } as const;
const SUMMARIES: Record<(typeof TOPICS)[number], string[]> = {
  booking: ['Asked whether seats can be chosen before check-in', 'Wants to add a second passenger to the booking'],
  change: ['Asked to move the flight one day earlier', 'Wants to know the options after the schedule change'],
  cancellation: ['Asked how to cancel and what the refund would be', 'Confirmed the cancellation of the booking'],
  refund: ['Refund not received yet after two weeks', 'Asked whether the refund can go to a voucher instead'],
  baggage: ['Bag did not arrive at the destination', 'Asked about the allowance for sports equipment'],
  loyalty: ['Miles from the last flight are missing', 'Asked how to reach the next tier'],
  complaint: ['Unhappy about the long delay and missed connection', 'Rude treatment at the gate'],
  other: ['Asked about travelling with a pet', 'Asked for an invoice with the company address'],
};
const REPLIES = ['Agent explained the options and sent a link', 'Agent opened a case and promised an answer within 48 h', 'Agent solved it in the conversation'];
const MINUTE = 60_000;
const DAY = 86_400_000;

type Emit = (e: EventInput) => void;

function bookingRef(ctx: DemoContext): string {
  const chars = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return Array.from({ length: 6 }, () => ctx.random.pick([...chars])).join('');
}

function bookings(ctx: DemoContext<{ code: string }>, c: DemoCustomer, emit: Emit): void {
  const r = ctx.random;
  const n = r.int(2, 4 + Math.round(6 * c.activity));
  for (let i = 0; i < n; i++) {
    const ref = bookingRef(ctx);
    const at = ctx.time();
    const cabin = r.pick(r.chance(0.8) ? CABINS.slice(0, 2) : CABINS);
    const flight = `${ctx.options.code}${r.int(100, 2999)}`;
    const departure = at + r.int(3, 60) * DAY + r.int(0, 23) * 3_600_000;
    const fare = { amount: Math.round(FARE[cabin] * (0.7 + r.next())), currency: 'EUR' };
    const destination = r.pick(AIRPORTS.filter((a) => a !== c.airport));
    emit({ id: ctx.id(c.id, ref, 'created'), type: 'airline.booking.created', customerId: c.id, timestamp: at, payload: { bookingRef: ref, flightNumber: flight, origin: c.airport, destination, departure: new Date(departure).toISOString(), cabin, fare, passengers: r.int(1, 3) } });
    let t = at;
    const changes = r.chance(0.35) ? r.int(1, 2) : 0;
    for (let k = 0; k < changes; k++) {
      t = Math.min(ctx.now - MINUTE, t + r.int(1, 72) * 3_600_000);
      const reason = r.pick(CHANGE_REASONS);
      const delayMinutes = reason === 'delay' ? r.int(30, 300) : undefined;
      const newDeparture = new Date(departure + (delayMinutes ?? r.int(-24, 48) * 60) * MINUTE).toISOString();
      emit({ id: ctx.id(c.id, ref, 'change', k), type: 'airline.flight.changed', customerId: c.id, timestamp: t, payload: { bookingRef: ref, reason, newDeparture, ...(delayMinutes ? { delayMinutes } : {}) } });
      emit({ id: ctx.id(c.id, ref, 'notice', k), type: 'airline.contact', customerId: c.id, timestamp: Math.min(ctx.now - MINUTE, t + 5 * MINUTE), payload: { channel: 'email', direction: 'outbound', topic: 'change', summary: `Flight ${flight} changed (${reason.replace('_', ' ')}): new departure ${newDeparture.slice(0, 16)}Z`, bookingRef: ref } });
    }
    if (r.chance(0.12)) {
      const by = r.chance(0.7) ? 'customer' : 'airline';
      emit({ id: ctx.id(c.id, ref, 'cancelled'), type: 'airline.booking.cancelled', customerId: c.id, timestamp: Math.min(ctx.now - MINUTE, t + r.int(1, 96) * 3_600_000), payload: { bookingRef: ref, by, reason: by === 'customer' ? 'plans changed' : 'flight withdrawn', refund: { amount: by === 'airline' ? fare.amount : Math.round(fare.amount * 0.5), currency: 'EUR' } } });
    }
  }
}

function conversations(ctx: DemoContext, c: DemoCustomer, emit: Emit): void {
  const r = ctx.random;
  const threads = r.int(3, 6 + Math.round(14 * c.activity));
  for (let i = 0; i < threads; i++) {
    const channel = r.pick(CHANNELS);
    const topic = r.pick(TOPICS);
    const sentiment = topic === 'complaint' ? 'negative' : r.pick(['negative', 'neutral', 'neutral', 'positive'] as const);
    let t = ctx.time();
    const messages = r.int(1, 4);
    for (let m = 0; m < messages; m++) {
      const inbound = m % 2 === 0;
      const summary = inbound ? r.pick(SUMMARIES[topic]) : r.pick(REPLIES);
      emit({ id: ctx.id(c.id, 'contact', i, m), type: 'airline.contact', customerId: c.id, timestamp: t, payload: { channel, direction: inbound ? 'inbound' : 'outbound', topic, summary, ...(inbound ? { sentiment } : {}) } });
      t = Math.min(ctx.now - MINUTE, t + r.int(2, channel === 'email' ? 1440 : 30) * MINUTE);
    }
  }
}

export function* airlineDemo(ctx: DemoContext<{ code: string }>): Generator<EventInput> {
  const out: EventInput[] = [];
  for (const c of ctx.customers) {
    bookings(ctx, c, (e) => out.push(e));
    conversations(ctx, c, (e) => out.push(e));
  }
  yield* out;
}
