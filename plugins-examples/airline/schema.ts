// Payload schemas of the airline's event types and the GraphQL it adds.
import { z } from 'zod';

const iata = z.string().regex(/^[A-Z]{3}$/, 'an IATA airport code such as LIS');
const bookingRef = z.string().regex(/^[A-Z0-9]{6}$/, 'a six-character booking reference such as K7Q2ZD');
const flightNumber = z.string().regex(/^[A-Z0-9]{2}\d{1,4}$/, 'a flight number such as MR1042');
const money = z.strictObject({ amount: z.number().nonnegative(), currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR') });

export const CHANNELS = ['email', 'chat', 'social', 'phone'] as const;
export const CABINS = ['economy', 'premium', 'business', 'first'] as const;
export const CHANGE_REASONS = ['schedule', 'delay', 'equipment', 'weather', 'crew', 'customer_request'] as const;
export const TOPICS = ['booking', 'change', 'cancellation', 'refund', 'baggage', 'loyalty', 'complaint', 'other'] as const;

export const bookingCreated = z.strictObject({
  bookingRef,
  flightNumber,
  origin: iata,
  destination: iata,
  departure: z.iso.datetime({ offset: true }),
  cabin: z.enum(CABINS),
  fare: money,
  passengers: z.number().int().min(1).max(9).default(1),
});

export const flightChanged = z.strictObject({
  bookingRef,
  reason: z.enum(CHANGE_REASONS),
  newFlightNumber: flightNumber.optional(),
  newDeparture: z.iso.datetime({ offset: true }),
  delayMinutes: z.number().int().optional(),
});

export const bookingCancelled = z.strictObject({
  bookingRef,
  by: z.enum(['customer', 'airline']),
  reason: z.string().max(500).optional(),
  refund: money.optional(),
});

export const contact = z.strictObject({
  channel: z.enum(CHANNELS),
  /** inbound: the customer wrote; outbound: the airline did. */
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  topic: z.enum(TOPICS),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  summary: z.string().min(1).max(2000),
  bookingRef: bookingRef.optional(),
});

export type BookingCreated = z.infer<typeof bookingCreated>;
export type FlightChanged = z.infer<typeof flightChanged>;
export type BookingCancelled = z.infer<typeof bookingCancelled>;
export type Contact = z.infer<typeof contact>;

export const typeDefs = /* GraphQL */ `
  enum AirlineBookingStatus {
    CONFIRMED
    CHANGED
    CANCELLED
  }
  enum AirlineContactChannel {
    EMAIL
    CHAT
    SOCIAL
    PHONE
  }
  type AirlineMoney {
    amount: Float!
    currency: String!
  }
  type AirlineFlightChange {
    at: DateTime!
    reason: String!
    flightNumber: String!
    departure: DateTime!
    delayMinutes: Int
  }
  "A booking as it stands now: the original booking with every change and a cancellation applied."
  type AirlineBooking {
    ref: String!
    status: AirlineBookingStatus!
    flightNumber: String!
    origin: String!
    destination: String!
    departure: DateTime!
    cabin: String!
    passengers: Int!
    fare: AirlineMoney!
    bookedAt: DateTime!
    changes: [AirlineFlightChange!]!
    cancelledAt: DateTime
    cancelledBy: String
    refund: AirlineMoney
  }
  type AirlineContact {
    at: DateTime!
    channel: AirlineContactChannel!
    direction: String!
    topic: String!
    sentiment: String
    summary: String!
    bookingRef: String
  }
  extend type Customer {
    "Newest booking first, from the customer's timeline (its newest events are kept, see limits.eventsPerCustomer)."
    bookings(status: AirlineBookingStatus, limit: Int = 10): [AirlineBooking!]!
    "The newest support contact, on any channel or on the one given."
    lastContact(channel: AirlineContactChannel): AirlineContact
    "Support contacts, newest first."
    contacts(channel: AirlineContactChannel, limit: Int = 10): [AirlineContact!]!
  }
`;
