// Example plugin `airline`: a fictional airline's bookings, flight changes, cancellations and
// support contacts (email, chat, social, phone). Bookings and contacts are read back from the
// customer's timeline through the request's loaders; counts per channel are streaming aggregates.
import { z } from 'zod';
import { definePlugin, type PluginRequestContext, type StoredEvent } from 'context-gateway';
import { BOOKING_TYPES, foldBookings } from './bookings.ts';
import { airlineDemo } from './demo.ts';
import { bookingCancelled, bookingCreated, contact, flightChanged, typeDefs } from './schema.ts';

const options = z.strictObject({
  /** The airline's two-character code, used for demo flight numbers. @default "MR" (Meridian Air) */
  code: z.string().regex(/^[A-Z0-9]{2}$/).default('MR'),
});

type Ctx = PluginRequestContext;

/** The customer's stored events of `types`, newest first (one batched read per request). */
const timeline = (ctx: Ctx, customerId: string, types: readonly string[], limit: number): Promise<StoredEvent[]> =>
  ctx.loaders.events.load({ customerId, types: [...types].sort(), limit, asOf: null });

function presentContact(e: StoredEvent) {
  const p = e.payload as { channel: string };
  return { ...e.payload, at: e.timestamp, channel: p.channel.toUpperCase() };
}

async function contacts(ctx: Ctx, customerId: string, channel: string | null | undefined, limit: number) {
  const events = await timeline(ctx, customerId, ['airline.contact'], channel ? 1000 : limit);
  const wanted = channel?.toLowerCase();
  return events.filter((e) => !wanted || e.payload.channel === wanted).slice(0, limit).map(presentContact);
}

export default definePlugin({
  name: 'airline',
  version: '1.0.0',
  kind: 'airline',
  description: 'Meridian Air (fictional): bookings, flight changes, cancellations and support contacts.',
  options,
  eventTypes: {
    'airline.booking.created': {
      description: 'A new booking.',
      payload: bookingCreated,
      attributes: (e) => ({ 'airline.lastBookingRef': e.payload.bookingRef, 'airline.lastDestination': e.payload.destination }),
      describe: (e) => {
        const p = e.payload as z.infer<typeof bookingCreated>;
        return `Booked ${p.bookingRef}: ${p.flightNumber} ${p.origin}→${p.destination}, departs ${p.departure}, ${p.cabin}`;
      },
    },
    'airline.flight.changed': {
      description: 'A booked flight moved: new time, maybe a new flight number.',
      payload: flightChanged,
      describe: (e) => {
        const p = e.payload as z.infer<typeof flightChanged>;
        return `Booking ${p.bookingRef} rebooked${p.newFlightNumber ? ` to ${p.newFlightNumber}` : ''}, now departing ${p.newDeparture} (${p.reason.replace('_', ' ')})`;
      },
      // Only the latest change of a booking reaches the LLM context; earlier ones are superseded.
      fact: (e) => `airline:booking:${String(e.payload.bookingRef)}:schedule`,
    },
    'airline.booking.cancelled': {
      description: 'A booking cancelled by the customer or the airline.',
      payload: bookingCancelled,
      describe: (e) => {
        const p = e.payload as z.infer<typeof bookingCancelled>;
        return `Booking ${p.bookingRef} cancelled by the ${p.by}${p.refund ? `, refund ${p.refund.amount} ${p.refund.currency}` : ''}`;
      },
      fact: (e) => `airline:booking:${String(e.payload.bookingRef)}:schedule`,
    },
    'airline.contact': {
      description: 'One message of a support conversation on a channel, inbound or outbound.',
      payload: contact,
      attributes: (e) => (e.payload.direction === 'inbound' ? { 'airline.lastContactChannel': e.payload.channel } : undefined),
      describe: (e) => {
        const p = e.payload as z.infer<typeof contact>;
        const who = p.direction === 'inbound' ? 'Customer wrote' : 'We replied';
        return `${who} on ${p.channel} about ${p.topic}${p.sentiment ? ` (${p.sentiment})` : ''}: ${p.summary}`;
      },
    },
  },
  aggregations: [
    { name: 'airline_contacts', eventTypes: ['airline.contact'], function: 'count', filter: { direction: 'inbound' }, windows: ['24h', '7d', '30d'] },
    { name: 'airline_contact_channels', eventTypes: ['airline.contact'], function: 'topK', field: 'channel', k: 4, windows: ['30d'] },
    { name: 'airline_disruptions', eventTypes: ['airline.flight.changed', 'airline.booking.cancelled'], function: 'count', windows: ['7d', '30d'] },
  ],
  typeDefs,
  resolvers: {
    Customer: {
      bookings: async (c: { id: string }, args: { status?: string | null; limit: number }, ctx) => {
        const all = foldBookings(await timeline(ctx, c.id, BOOKING_TYPES, 1000));
        return all.filter((b) => !args.status || b.status === args.status).slice(0, Math.max(0, Math.min(args.limit, 100)));
      },
      lastContact: async (c: { id: string }, args: { channel?: string | null }, ctx) => (await contacts(ctx, c.id, args.channel, 1))[0] ?? null,
      contacts: (c: { id: string }, args: { channel?: string | null; limit: number }, ctx) => contacts(ctx, c.id, args.channel, Math.max(0, Math.min(args.limit, 100))),
    },
  },
  demo: airlineDemo,
});
