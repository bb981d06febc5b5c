// Loads the airline plugin into a real gateway (testkit): bookings fold changes and cancellations,
// contacts read newest first per channel, bad payloads are rejected with the plugin's message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestEvent, type TestGateway } from 'context-gateway/testkit';
import airline from './index.ts';

const HOUR = 3_600_000;
const ago = (h: number): string => new Date(Date.now() - h * HOUR).toISOString();
const fare = { amount: 240, currency: 'EUR' };

const events: TestEvent[] = [
  { id: 'b1', type: 'airline.booking.created', customerId: 'c1', timestamp: ago(50), payload: { bookingRef: 'ABC123', flightNumber: 'MR1042', origin: 'LIS', destination: 'BER', departure: '2026-12-20T08:00:00Z', cabin: 'economy', fare } },
  { id: 'b2', type: 'airline.booking.created', customerId: 'c1', timestamp: ago(40), payload: { bookingRef: 'DEF456', flightNumber: 'MR2001', origin: 'LIS', destination: 'JFK', departure: '2026-12-24T10:00:00Z', cabin: 'business', fare, passengers: 2 } },
  { id: 'ch1', type: 'airline.flight.changed', customerId: 'c1', timestamp: ago(30), payload: { bookingRef: 'ABC123', reason: 'schedule', newFlightNumber: 'MR1044', newDeparture: '2026-12-20T11:30:00Z' } },
  { id: 'x1', type: 'airline.booking.cancelled', customerId: 'c1', timestamp: ago(20), payload: { bookingRef: 'DEF456', by: 'customer', refund: { amount: 120, currency: 'EUR' } } },
  { id: 'm1', type: 'airline.contact', customerId: 'c1', timestamp: ago(10), payload: { channel: 'social', topic: 'complaint', sentiment: 'negative', summary: 'Tweeted about the schedule change' } },
  { id: 'm2', type: 'airline.contact', customerId: 'c1', timestamp: ago(5), payload: { channel: 'chat', topic: 'change', summary: 'Asked for an earlier flight', bookingRef: 'ABC123' } },
  { id: 'm3', type: 'airline.contact', customerId: 'c1', timestamp: ago(4), payload: { channel: 'chat', direction: 'outbound', topic: 'change', summary: 'Agent offered MR1040' } },
];

describe('airline plugin', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ plugins: [airline] });
    expect(await gw.ingest(events)).toEqual({ accepted: events.length, duplicates: 0, rejected: [] });
  });
  afterAll(() => gw.close());

  it('answers bookings as they stand, newest first, filtered by status', async () => {
    const data = await gw.query(/* GraphQL */ `{
      customer(id: "c1") {
        all: bookings { ref status flightNumber departure passengers changes { reason flightNumber } refund { amount } }
        cancelled: bookings(status: CANCELLED) { ref cancelledBy }
      }
    }`);
    expect(data.customer.all).toEqual([
      { ref: 'DEF456', status: 'CANCELLED', flightNumber: 'MR2001', departure: '2026-12-24T10:00:00.000Z', passengers: 2, changes: [], refund: { amount: 120 } },
      { ref: 'ABC123', status: 'CHANGED', flightNumber: 'MR1044', departure: '2026-12-20T11:30:00.000Z', passengers: 1, changes: [{ reason: 'schedule', flightNumber: 'MR1044' }], refund: null },
    ]);
    expect(data.customer.cancelled).toEqual([{ ref: 'DEF456', cancelledBy: 'customer' }]);
  });

  it('answers the last contact on any channel or on one', async () => {
    const data = await gw.query(/* GraphQL */ `{
      customer(id: "c1") {
        lastContact { channel direction summary }
        social: lastContact(channel: SOCIAL) { channel sentiment topic }
        email: lastContact(channel: EMAIL) { summary }
        contacts(limit: 2) { summary }
      }
    }`);
    expect(data.customer.lastContact).toEqual({ channel: 'CHAT', direction: 'outbound', summary: 'Agent offered MR1040' });
    expect(data.customer.social).toEqual({ channel: 'SOCIAL', sentiment: 'negative', topic: 'complaint' });
    expect(data.customer.email).toBeNull();
    expect(data.customer.contacts.map((c: { summary: string }) => c.summary)).toEqual(['Agent offered MR1040', 'Asked for an earlier flight']);
  });

  it('maps events to attributes and counts contacts and disruptions', async () => {
    const data = await gw.query(/* GraphQL */ `{
      customer(id: "c1") {
        profile
        aggregates(names: ["airline_contacts", "airline_disruptions"]) { name window value }
      }
    }`);
    expect(data.customer.profile).toMatchObject({ 'airline.lastBookingRef': 'DEF456', 'airline.lastDestination': 'JFK', 'airline.lastContactChannel': 'chat' });
    const value = (name: string, window: string) => data.customer.aggregates.find((a: any) => a.name === name && a.window === window)?.value;
    expect(value('airline_contacts', '7d')).toBe(2);
    expect(value('airline_disruptions', '7d')).toBe(2);
  });

  it('rejects a bad booking with the plugin\'s own message', async () => {
    const result = await gw.ingest([{ type: 'airline.booking.created', customerId: 'c2', payload: { bookingRef: 'abc', flightNumber: 'MR1', origin: 'Lisbon', destination: 'BER', departure: 'tomorrow', cabin: 'economy', fare } }]);
    expect(result.accepted).toBe(0);
    expect(result.rejected[0]!.message).toMatch(/payload\.bookingRef: a six-character booking reference/);
    expect(result.rejected[0]!.message).toMatch(/payload\.origin: an IATA airport code/);
  });
});
