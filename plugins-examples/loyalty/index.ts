// A loyalty programme in one file: points from purchases, as `Customer.loyalty`.
import { z } from 'zod';
import { definePlugin } from 'context-gateway';

export default definePlugin({
  name: 'loyalty',
  version: '0.1.0',
  kind: 'loyalty',
  description: 'Loyalty points from purchases.',
  options: z.strictObject({
    /** Points per euro spent. @default 10 */
    pointsPerEuro: z.number().positive().default(10),
  }),
  eventTypes: {
    'loyalty.purchase': {
      description: 'A purchase that earns points.',
      payload: z.strictObject({ orderId: z.string().min(1), euros: z.number().positive() }),
      attributes: (event) => ({ 'loyalty.lastOrderId': event.payload.orderId }),
    },
  },
  aggregations: [
    { name: 'loyalty_spend', eventTypes: ['loyalty.purchase'], function: 'sum', field: 'euros', windows: ['30d', 'lifetime'] },
  ],
  typeDefs: /* GraphQL */ `
    type Loyalty {
      points: Int!
      spentLast30Days: Float!
    }
    extend type Customer {
      loyalty: Loyalty!
    }
  `,
  resolvers: {
    Customer: {
      loyalty: async (customer: { id: string }, _args, ctx) => {
        const values = await ctx.loaders.aggregates.load({ customerId: customer.id, names: ['loyalty_spend'], asOf: null });
        const spent = (window: string) => Number(values.find((v) => v.window === window)?.value ?? 0);
        return { points: Math.floor(spent('lifetime') * ctx.plugin.options.pointsPerEuro), spentLast30Days: spent('30d') };
      },
    },
  },
});
