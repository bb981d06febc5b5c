// The benchmark's travel plugin: described events, three aggregations and a realtime source that
// calls a local HTTP server (answering in REALTIME_DELAY_MS) at request time.
import { z } from 'zod';
import { definePlugin } from '../../src/plugins/types.ts';
import { fetchJson } from '../../src/realtime/http.ts';

const Weather = z.object({ temperature: z.number(), city: z.string() });

export const benchTravel = definePlugin<{ realtimeUrl: string }>({
  name: 'benchtravel',
  options: z.object({ realtimeUrl: z.string() }),
  eventTypes: {
    'trip.viewed': {
      payload: z.object({ destination: z.string(), price: z.number() }),
      describe: (e) => `Looked at a trip to ${String(e.payload.destination)} for ${String(e.payload.price)} EUR`,
    },
    'booking.changed': {
      payload: z.object({ booking: z.string(), flight: z.string() }),
      describe: (e) => `Booking ${String(e.payload.booking)} moved to flight ${String(e.payload.flight)}`,
      fact: (e) => `booking:${String(e.payload.booking)}`,
    },
  },
  aggregations: [
    { name: 'trips_1h', eventTypes: ['trip.viewed'], function: 'count', windows: ['1h', '24h'] },
    { name: 'destinations', eventTypes: ['trip.viewed'], function: 'topK', field: 'destination', k: 3, windows: ['24h'] },
    { name: 'trip_price', eventTypes: ['trip.viewed'], function: 'avg', field: 'price', windows: ['7d'] },
  ],
  context: {
    realtime: true,
    async items(req) {
      // fetchJson, the helper plugin authors are pointed to (docs/realtime.md).
      const body = await fetchJson(`${req.plugin.options.realtimeUrl}?customer=${encodeURIComponent(req.customerId)}`, Weather, { signal: req.signal, label: 'bench weather' });
      return [{ id: 'REALTIME:benchweather', kind: 'REALTIME', source: 'benchtravel', text: `${body.city}: ${body.temperature} °C`, observedAt: req.now }];
    },
  },
});
