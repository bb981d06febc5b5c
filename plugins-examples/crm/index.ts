// Example plugin `crm`: customer profiles from a CRM export (CSV or NDJSON), as typed `Customer.crm`
// fields. Each record becomes one `crm.customer` event whose fields become attributes.
import { z } from 'zod';
import { definePlugin, type EventInput } from 'context-gateway';

export const TIERS = ['bronze', 'silver', 'gold', 'platinum'] as const;

/** One customer record as the CRM exports it; every field is optional so partial updates work. */
export const crmRecord = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  email: z.email().optional(),
  tier: z.enum(TIERS).optional(),
  homeCity: z.string().min(1).max(100).optional(),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166 two-letter code such as PT').optional(),
  creditScore: z.number().int().min(300).max(850).optional(),
  signupDate: z.iso.date().optional(),
});
export type CrmRecord = z.infer<typeof crmRecord>;

const FIELDS = Object.keys(crmRecord.shape) as (keyof CrmRecord)[];
const ATTR = (field: string): string => `crm.${field}`;

const options = z.strictObject({
  /** Show emails as `a***@example.com` in `Customer.crm`. @default false */
  maskEmail: z.boolean().default(false),
});

/** CSV headers are often snake_case (`home_city`); NDJSON exports camelCase. Both are read. */
const camel = (key: string): string => key.trim().replace(/[_\s-]+([a-z])/g, (_, c: string) => c.toUpperCase());

/** Turns one exported record (all strings in a CSV) into a `crm.customer` event. */
export function recordToEvent(raw: Record<string, unknown>, now: number): EventInput | null {
  const rec = Object.fromEntries(Object.entries(raw).map(([k, v]) => [camel(k), typeof v === 'string' ? v.trim() : v]));
  const customerId = String(rec.customerId ?? rec.id ?? '');
  if (!customerId) throw new Error('the record has no customer_id (or id) column');
  const payload: Record<string, unknown> = {};
  for (const f of FIELDS) {
    const v = rec[f];
    if (v === undefined || v === '' || v === null) continue;
    payload[f] = f === 'creditScore' && typeof v === 'string' ? Number(v) : v;
  }
  const at = typeof rec.updatedAt === 'string' && rec.updatedAt ? rec.updatedAt : new Date(now).toISOString();
  // The id is the record's content and time: importing the same export twice changes nothing.
  return { id: `crm-${customerId}-${at}`, type: 'crm.customer', customerId, timestamp: at, payload };
}

const maskEmail = (email: string): string => email.replace(/^(.)[^@]*/, '$1***');

export default definePlugin({
  name: 'crm',
  version: '1.0.0',
  kind: 'crm',
  description: 'Customer profiles from a CRM export: name, email, tier, home city, credit score, signup date.',
  options,
  eventTypes: {
    'crm.customer': {
      description: 'A customer record from the CRM; the fields present are set, the others kept.',
      payload: crmRecord,
      attributes: (event) => Object.fromEntries(Object.entries(event.payload).map(([k, v]) => [ATTR(k), v])),
    },
  },
  typeDefs: /* GraphQL */ `
    enum CrmTier {
      BRONZE
      SILVER
      GOLD
      PLATINUM
    }
    "The customer as the CRM knows them."
    type CrmProfile {
      name: String
      email: String
      tier: CrmTier
      homeCity: String
      "ISO 3166 two-letter country code."
      country: String
      creditScore: Int
      "YYYY-MM-DD"
      signupDate: String
      "Event time of the newest CRM record."
      updatedAt: DateTime!
    }
    extend type Customer {
      "Null when the CRM has no record of this customer."
      crm: CrmProfile
    }
  `,
  resolvers: {
    Customer: {
      crm: async (customer: { id: string }, _args, ctx) => {
        const records = (await ctx.loaders.attributes.load(customer.id)).filter((r) => r.source === 'crm');
        if (!records.length) return null;
        const value = (f: string): unknown => records.find((r) => r.name === ATTR(f))?.value ?? null;
        const email = value('email') as string | null;
        return {
          ...Object.fromEntries(FIELDS.map((f) => [f, value(f)])),
          email: email && ctx.plugin.options.maskEmail ? maskEmail(email) : email,
          tier: typeof value('tier') === 'string' ? (value('tier') as string).toUpperCase() : null,
          updatedAt: new Date(Math.max(...records.map((r) => r.observedAt))),
        };
      },
    },
  },
  importRecord: (record, ctx) => recordToEvent(record, ctx.now),
  *demo(ctx) {
    const r = ctx.random;
    for (const c of ctx.customers) {
      const signup = new Date(ctx.now - r.int(60, 2000) * 86_400_000).toISOString().slice(0, 10);
      const tier = r.pick(TIERS.slice(0, 3));
      const first = ctx.time();
      yield {
        id: ctx.id(c.id, 'profile'),
        type: 'crm.customer',
        customerId: c.id,
        timestamp: first,
        payload: { name: `${c.firstName} ${c.lastName}`, email: c.email, tier, homeCity: c.city, country: c.country, creditScore: r.int(520, 840), signupDate: signup },
      };
      if (r.chance(0.3)) {
        const upgrade = TIERS[TIERS.indexOf(tier) + 1] ?? tier;
        yield { id: ctx.id(c.id, 'upgrade'), type: 'crm.customer', customerId: c.id, timestamp: Math.min(ctx.now - 60_000, first + r.int(1, 10) * 86_400_000), payload: { tier: upgrade } };
      }
    }
  },
});
