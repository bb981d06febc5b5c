// Clickstream example: page views become three streaming aggregates (top topics in the last hour,
// views in 24 h, the last pages) and a typed `Customer.clickstream` field over them.
import { z } from 'zod';
import type { AggregateValue } from '../../src/aggregates/index.ts';
import { definePlugin } from '../../src/plugins/types.ts';
import type { RequestContext } from '../../src/server/services.ts';

export const pageViewed = z.object({ url: z.string().min(1), topic: z.string().min(1) });

/** Sorted, so the typed field and `Customer.aggregates(names: [...])` share one DataLoader entry. */
const NAMES = ['last_pages', 'page_views_24h', 'topics_1h'];
const DEMO_TOPICS = ['beaches', 'city-breaks', 'ski', 'flights', 'hotels', 'lounges', 'baggage', 'refunds'];

const typeDefs = /* GraphQL */ `
  "A customer's browsing, from the clickstream plugin's aggregates."
  type Clickstream {
    "Top 5 topics viewed in the last hour, most viewed first."
    topTopics: [TopicCount!]!
    "Page views in the last 24 hours."
    pageViews24h: Int!
    "The last 5 pages viewed, newest first."
    lastPages: [PageView!]!
    "FRESH, or MISSING when no page view was seen."
    status: Freshness!
  }
  type TopicCount { topic: String! count: Int! }
  type PageView { url: String! timestamp: DateTime! }
  extend type Customer {
    clickstream(asOf: DateTime): Clickstream!
  }
`;

const valueOf = (values: AggregateValue[], name: string): unknown => values.find((v) => v.name === name)?.value;

function present(values: AggregateValue[]) {
  const topics = (valueOf(values, 'topics_1h') ?? []) as { value: string; count: number }[];
  const pages = (valueOf(values, 'last_pages') ?? []) as { value: string; timestamp: string }[];
  return {
    topTopics: topics.map((t) => ({ topic: t.value, count: t.count })),
    pageViews24h: Number(valueOf(values, 'page_views_24h') ?? 0),
    lastPages: pages.map((p) => ({ url: p.value, timestamp: p.timestamp })),
    status: values.some((v) => v.status === 'FRESH') ? 'FRESH' : 'MISSING',
  };
}

export const clickstream = definePlugin({
  name: 'clickstream',
  kind: 'clickstream',
  description: 'Page views: topics in the last hour, views in 24 h, last pages.',
  eventTypes: {
    'page.viewed': {
      payload: pageViewed,
      description: 'A customer viewed a page: {url, topic}.',
      describe: (e) => `Viewed ${String(e.payload.url)} (${String(e.payload.topic)})`,
    },
  },
  aggregations: [
    { name: 'topics_1h', eventTypes: ['page.viewed'], function: 'topK', field: 'topic', k: 5, windows: ['1h'] },
    { name: 'page_views_24h', eventTypes: ['page.viewed'], function: 'count', windows: ['24h'] },
    { name: 'last_pages', eventTypes: ['page.viewed'], function: 'lastN', field: 'url', n: 5, windows: ['24h'] },
  ],
  // Sentences for the LLM context ("Viewed 12 pages about japan in the last hour" style).
  describeAggregate: (a) => {
    if (a.name === 'page_views_24h') return `Viewed ${String(a.value)} pages in the last 24 hours`;
    if (a.name === 'topics_1h' && Array.isArray(a.value) && a.value.length) {
      const topics = (a.value as { value: unknown; count: number }[]).map((t) => `${String(t.value)} (${t.count})`).join(', ');
      return `Topics viewed in the last hour: ${topics}`;
    }
    if (a.name === 'last_pages' && Array.isArray(a.value) && a.value.length) return `Last pages viewed: ${a.value.map((v) => String((v as { value?: unknown }).value ?? v)).join(', ')}`;
    return null;
  },
  typeDefs,
  // Page views in the last 2 hours, so `topics_1h` has something to show right after `demo`.
  *demo(ctx) {
    const r = ctx.random;
    for (const c of ctx.customers) {
      const n = Math.round(2 + 10 * c.activity);
      for (let i = 0; i < n; i++) {
        const topic = r.pick(DEMO_TOPICS);
        yield { id: ctx.id(c.id, 'pv', i), type: 'page.viewed', customerId: c.id, timestamp: ctx.now - r.int(1, 120) * 60_000, payload: { url: `/${topic}/${r.int(1, 40)}`, topic } };
      }
    }
  },
  resolvers: {
    Customer: {
      clickstream: async (c: { id: string }, args: { asOf?: Date | null }, ctx: RequestContext) => {
        const asOf = args.asOf ? Math.min(args.asOf.getTime(), ctx.now) : null;
        return present(await ctx.loaders.aggregates.load({ customerId: c.id, names: NAMES, asOf }));
      },
    },
  },
});

export default clickstream;
