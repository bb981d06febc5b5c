import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countTokens } from '../../src/context/tokens.ts';
import { definePlugin } from '../../src/plugins/types.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const MIN = 60_000;
const now = Date.now();

const travel = definePlugin({
  name: 'travel',
  eventTypes: {
    'flight.changed': {
      payload: z.object({ booking: z.string(), flight: z.string() }),
      describe: (e) => `Booking ${e.payload.booking} is now on flight ${e.payload.flight}`,
      fact: (e) => `booking:${e.payload.booking}:flight`,
    },
    'page.viewed': { payload: z.object({ topic: z.string() }) },
  },
  aggregations: [{ name: 'views_1h', eventTypes: ['page.viewed'], function: 'count', windows: ['1h'] }],
  describeAggregate: (a) => `Viewed ${a.value} pages in the last hour`,
});

let hang = false;
const weather = definePlugin({
  name: 'weather',
  context: {
    realtime: true,
    items: async (req) => {
      if (hang) await new Promise((r) => setTimeout(r, 5_000));
      return [{ id: 'REALTIME:weather', kind: 'REALTIME', source: 'weather', text: 'Lisbon: 24 °C, sunny', observedAt: req.now }];
    },
  },
});

describe('Customer.context', () => {
  let gw: TestGateway;
  const ctx = (args: string, vars: Record<string, unknown> = {}) =>
    gw.gql(`query${Object.keys(vars).length ? `(${Object.keys(vars).map((k) => `$${k}: ${k === 'a' ? 'DateTime' : 'String'}`).join(', ')})` : ''} { customer(id: "k1") { context(${args || 'maxTokens: 1000'}) { tokens maxTokens omitted prompt asOf items { id kind source text score tokens observedAt } errors { source code message } } } }`, vars);

  beforeAll(async () => {
    gw = await startTestGateway({ context: { deadline: '250ms' } }, { plugins: [{ plugin: travel }, { plugin: weather }] });
    const ev = (id: string, type: string, ago: number, payload: object) => ({ id, type, customerId: 'k1', timestamp: iso(now - ago), payload });
    await gw.fetch('http://gw/v1/events?wait=true', {
      method: 'POST',
      body: JSON.stringify([
        ev('p1', 'profile.updated', 3 * 86_400_000, { attributes: { tier: 'silver', homeCity: 'Lisbon' } }),
        ev('p2', 'profile.updated', 60 * MIN, { attributes: { tier: 'gold' } }),
        ev('f1', 'flight.changed', 50 * MIN, { booking: 'B1', flight: 'LH123' }),
        ev('f2', 'flight.changed', 2 * MIN, { booking: 'B1', flight: 'LH125' }),
        ...Array.from({ length: 12 }, (_, i) => ev(`v${i}`, 'page.viewed', (i + 1) * MIN, { topic: 'japan' })),
      ]),
    });
    await gw.gql(`mutation { remember(customerId: "k1", text: "wants somewhere warmer this summer", role: "user") { id } }`);
  });
  afterAll(async () => gw.cleanup());

  it('gathers every level; a superseded value never appears', async () => {
    const { data, errors } = await ctx(`question: $q`, { q: 'Which flight is booking B1 on, and where is warm?' });
    expect(errors).toBeUndefined();
    const c = data.customer.context;
    const texts = c.items.map((i: any) => i.text).join('\n');
    expect(texts).toMatch(/tier: gold/);
    expect(texts).not.toMatch(/silver/);
    expect(texts).toMatch(/now on flight LH125/);
    expect(texts).not.toMatch(/LH123/);
    expect(texts).toMatch(/Viewed 12 pages in the last hour/);
    expect(texts).toMatch(/warmer this summer/);
    expect(texts).toMatch(/Lisbon: 24 °C/);
    expect(new Set(c.items.map((i: any) => i.kind))).toEqual(new Set(['ATTRIBUTE', 'EVENT', 'AGGREGATE', 'MEMORY', 'REALTIME']));
    expect(c.prompt).toMatch(/now on flight LH125 \[travel, 2 min ago\]/);
    expect(c.tokens).toBe(countTokens(c.prompt));
    expect(c.errors).toEqual([]);
  });

  it('never exceeds maxTokens and counts what it left out', async () => {
    for (const maxTokens of [1, 40, 80, 200]) {
      const c = (await ctx(`maxTokens: ${maxTokens}`)).data.customer.context;
      expect(c.tokens).toBeLessThanOrEqual(maxTokens);
      expect(c.tokens).toBe(c.prompt ? countTokens(c.prompt) : 0);
      expect(c.maxTokens).toBe(maxTokens);
      expect(c.omitted + c.items.length).toBeGreaterThanOrEqual(17);
    }
  });

  it('with asOf nothing later appears, and realtime is skipped and listed', async () => {
    const asOf = iso(now - 45 * MIN);
    const c = (await ctx(`asOf: $a`, { a: asOf })).data.customer.context;
    expect(c.asOf).toBe(asOf);
    for (const item of c.items) if (item.observedAt) expect(Date.parse(item.observedAt)).toBeLessThanOrEqual(Date.parse(asOf));
    const texts = c.items.map((i: any) => i.text).join('\n');
    expect(texts).toMatch(/tier: gold/);
    expect(texts).toMatch(/LH123/);
    expect(texts).not.toMatch(/LH125|warmer|Lisbon: 24/);
    expect(c.errors).toEqual([{ source: 'weather', code: 'SKIPPED_PAST_AS_OF', message: expect.any(String) }]);
  });

  it('a hung source is cut off at the deadline and listed; the rest is answered', async () => {
    hang = true;
    try {
      const c = (await ctx(`maxTokens: 500`)).data.customer.context;
      expect(c.errors).toEqual([{ source: 'weather', code: 'DEADLINE_EXCEEDED', message: expect.any(String) }]);
      expect(c.items.some((i: any) => i.kind === 'ATTRIBUTE')).toBe(true);
    } finally {
      hang = false;
    }
  });

  it('sources limits the levels; an unknown source is a clear error', async () => {
    const c = (await ctx(`sources: ["attributes", "memory"]`)).data.customer.context;
    expect(new Set(c.items.map((i: any) => i.kind))).toEqual(new Set(['ATTRIBUTE', 'MEMORY']));
    const { errors } = await ctx(`sources: ["nope"]`);
    expect(errors?.[0]).toMatchObject({ message: expect.stringMatching(/unknown sources "nope"; known: attributes, aggregates/), extensions: { code: 'BAD_USER_INPUT' } });
  });
});
