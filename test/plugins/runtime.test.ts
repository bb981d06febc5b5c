// A plugin at run time: setup's state and the options reach its resolvers as ctx.plugin, setup
// gets the stores and an ingest door, health() makes Query.sources honest, teardown gets the state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin } from '../../src/plugins/types.ts';
import { startTestGateway, type TestGateway } from '../../src/testkit/index.ts';

const torn: string[] = [];
let healthy: boolean | 'throw' = true;

const loyalty = definePlugin({
  name: 'loyalty',
  kind: 'loyalty',
  options: z.strictObject({ pointsPerEuro: z.number().default(10) }),
  eventTypes: { 'loyalty.spent': { payload: z.strictObject({ euros: z.number() }) } },
  setup: async (ctx) => {
    const seeded = await ctx.ingest('default', [{ id: 'seed-1', type: 'loyalty.spent', customerId: 'c1', timestamp: Date.now() - 1000, payload: { euros: 3 } }]);
    return { label: `x${ctx.options.pointsPerEuro}`, seeded: seeded.accepted, hasTimeline: typeof ctx.services.timeline.read === 'function' };
  },
  health: (p) => {
    if (healthy === 'throw') throw new Error('down');
    return healthy && p.state.hasTimeline;
  },
  teardown: (p) => void torn.push(p.state.label),
  typeDefs: /* GraphQL */ `
    type LoyaltyBalance {
      points: Int!
      label: String!
      seeded: Int!
    }
    extend type Customer {
      loyalty: LoyaltyBalance!
    }
  `,
  resolvers: {
    Customer: {
      loyalty: async (c: { id: string }, _args, ctx) => {
        const spent = await ctx.loaders.events.load({ customerId: c.id, types: ['loyalty.spent'], limit: 1000, asOf: null });
        const euros = spent.reduce((sum, e) => sum + Number(e.payload.euros), 0);
        return { points: euros * ctx.plugin.options.pointsPerEuro, label: ctx.plugin.state.label, seeded: ctx.plugin.state.seeded };
      },
    },
  },
});

describe('plugin runtime', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ plugins: [{ plugin: loyalty, options: { pointsPerEuro: 2 } }] });
  });
  afterAll(async () => {
    await gw.close();
    expect(torn).toEqual(['x2']);
  });

  it('gives resolvers their options and setup state through ctx.plugin', async () => {
    // Sending setup's event again (same id) returns once it is applied, whether or not it already was.
    await gw.ingest([{ id: 'seed-1', type: 'loyalty.spent', customerId: 'c1', timestamp: Date.now() - 1000, payload: { euros: 3 } }]);
    await gw.ingest([{ type: 'loyalty.spent', customerId: 'c1', payload: { euros: 5 } }]);
    const data = await gw.query('{ customer(id: "c1") { loyalty { points label seeded } } }');
    expect(data.customer.loyalty).toEqual({ points: 16, label: 'x2', seeded: 1 });
  });

  it('reports health() in Query.sources: true, false, or a throw', async () => {
    const sources = async () => (await gw.query('{ sources { name kind healthy lastEventAt } }')).sources;
    healthy = true;
    expect(await sources()).toEqual([
      { name: 'core', kind: 'core', healthy: true, lastEventAt: null },
      { name: 'loyalty', kind: 'loyalty', healthy: true, lastEventAt: expect.any(String) },
    ]);
    healthy = false;
    expect((await sources())[1].healthy).toBe(false);
    healthy = 'throw';
    expect((await sources())[1].healthy).toBe(false);
    healthy = true;
  });
});
