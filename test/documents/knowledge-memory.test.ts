// The in-memory knowledge search: same answers as the vector store, fresh after every write (also
// another replica's), asOf and tenants kept apart, and the store again for large knowledge bases.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseConfig } from '../../src/config/load.ts';
import { DocumentService } from '../../src/documents/service.ts';
import type { DocumentHit, DocumentQuery } from '../../src/documents/types.ts';
import { unlinkMatching } from '../../src/redis/scan.ts';
import { createLogger } from '../../src/logger.ts';
import { createGateway, type Gateway } from '../../src/server/gateway.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const HOUR = 3_600_000;
const now = Date.now();

const upsert = (id: string, documentId: string, text: string, o: { ago?: number; title?: string; metadata?: object } = {}) => ({
  id,
  type: 'document.upserted',
  timestamp: iso(now - (o.ago ?? HOUR)),
  payload: { documentId, text, ...(o.title ? { title: o.title } : {}), ...(o.metadata ? { metadata: o.metadata } : {}) },
});
const deletion = (id: string, documentId: string, ago: number) => ({ id, type: 'document.deleted', timestamp: iso(now - ago), payload: { documentId } });

const manual = Array.from({ length: 30 }, (_, i) => `Section ${i} of the manual explains lounge rule ${i} and the seat upgrade step ${i}.`).join(' ');
const KNOWLEDGE = [
  upsert('k1', 'refunds', 'Refunds: a cancelled ticket is refunded to the original card within 7 days.', { title: 'Refund policy', metadata: { category: 'policy', factKey: 'policy:refunds' }, ago: 48 * HOUR }),
  upsert('k2', 'baggage', 'Baggage: one cabin bag of 8 kg and one checked bag of 23 kg are included.', { title: 'Baggage', metadata: { category: 'policy' }, ago: 48 * HOUR }),
  upsert('k3', 'wifi', 'Wifi on board is free for messaging on every flight.', { metadata: { category: 'faq', rank: 2 }, ago: 10 * HOUR }),
  upsert('k4', 'manual', manual, { title: 'Crew manual', metadata: { category: 'manual' }, ago: 5 * HOUR }),
  upsert('k5', 'rebooking', 'Rebooking a flight is free up to 24 hours before departure; later a fee applies.', { metadata: { category: 'faq', rank: 1 }, ago: 2 * HOUR }),
];

const QUESTIONS = ['refund for a cancelled ticket', 'lounge rule 7 and seat upgrades', 'wifi messaging on board', 'rebook my flight fee', 'checked bag weight'];

/** Only the store, never the in-memory index: the reference answers. */
function storeOnly(gw: TestGateway): DocumentService {
  const docs = gw.services.documents;
  return new DocumentService({ store: docs.store, embedder: docs.embedder, redis: gw.redis, prefix: gw.prefix, chunking: {}, log: createLogger('silent') });
}

const query = (q: string, o: Partial<DocumentQuery> = {}): DocumentQuery => ({ customerId: null, query: q, k: 5, asOf: null, filter: null, ...o });

function expectSameHits(got: DocumentHit[] | Error, want: DocumentHit[] | Error): void {
  if (want instanceof Error || got instanceof Error) throw new Error(`a search failed: ${String(got)} / ${String(want)}`);
  expect(got.map((h) => ({ ...h, score: 0 }))).toEqual(want.map((h) => ({ ...h, score: 0 })));
  got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 6));
}

describe('knowledge in memory', () => {
  let gw: TestGateway;
  let reference: DocumentService;
  const post = (events: object[]) => gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(events) }).then((r) => r.json());
  const knowledgeIds = async (q: string) => ((await gw.gql(`query($q: String!) { knowledge(query: $q, k: 10) { id } }`, { q })).data.knowledge as { id: string }[]).map((h) => h.id);
  /** Store queries for knowledge (customerId null) made while `fn` runs. */
  async function storeKnowledgeQueries(service: DocumentService, fn: () => Promise<unknown>): Promise<number> {
    const spy = vi.spyOn(service.store, 'query');
    try {
      await fn();
      return spy.mock.calls.filter(([, q]) => q.customerId === null).length;
    } finally {
      spy.mockRestore();
    }
  }

  beforeAll(async () => {
    gw = await startTestGateway();
    expect(await post(KNOWLEDGE)).toMatchObject({ accepted: KNOWLEDGE.length, rejected: [] });
    reference = storeOnly(gw);
  });
  afterAll(async () => gw.cleanup());

  it('answers exactly what the store answers: hits, order, text, metadata and times; scores to 1e-6', async () => {
    const queries = [
      ...QUESTIONS.map((q) => query(q)),
      ...QUESTIONS.map((q) => query(q, { k: 1 })),
      ...QUESTIONS.map((q) => query(q, { k: 20 })),
      query('policy', { filter: { category: 'policy' } }),
      query('flight', { filter: { category: 'faq', rank: 1 } }),
      query('anything', { filter: { rank: '1' } }),
    ];
    let got: (DocumentHit[] | Error)[] = [];
    const calls = await storeKnowledgeQueries(gw.services.documents, async () => (got = await gw.services.documents.search('default', queries)));
    expect(calls).toBe(0);
    const want = await reference.search('default', queries);
    got.forEach((g, i) => expectSameHits(g, want[i]!));
  });

  it('keeps asOf: a document created after it is hidden, one created at it is shown', async () => {
    for (const asOf of [now - 3 * HOUR, now - 2 * HOUR, now - 2 * HOUR - 1, now - 100 * HOUR]) {
      const queries = QUESTIONS.map((q) => query(q, { asOf }));
      const [got, want] = await Promise.all([gw.services.documents.search('default', queries), reference.search('default', queries)]);
      got.forEach((g, i) => expectSameHits(g, want[i]!));
    }
    const [at, before] = await gw.services.documents.search('default', [query('rebook my flight fee', { asOf: now - 2 * HOUR }), query('rebook my flight fee', { asOf: now - 2 * HOUR - 1 })]);
    expect((at as DocumentHit[]).map((h) => h.id)).toContain('rebooking');
    expect((before as DocumentHit[]).map((h) => h.id)).not.toContain('rebooking');
  });

  it('a write is searchable at once and a deletion is gone at once', async () => {
    expect(await knowledgeIds('pets in the cabin')).not.toContain('pets');
    await post([upsert('p1', 'pets', 'Pets in the cabin: small dogs and cats up to 8 kg travel in a bag.', { ago: HOUR })]);
    expect((await knowledgeIds('pets in the cabin'))[0]).toBe('pets');
    await post([upsert('p2', 'pets', 'Animals travel only in the hold.', { ago: HOUR / 2 })]);
    const [hits] = await gw.services.documents.search('default', [query('pets animals', { k: 1 })]);
    expect((hits as DocumentHit[])[0]).toMatchObject({ id: 'pets', text: 'Animals travel only in the hold.' });
    await post([deletion('p3', 'pets', HOUR / 4)]);
    expect(await knowledgeIds('pets in the cabin')).not.toContain('pets');
  });

  it('keeps tenants apart', async () => {
    await gw.services.ingestor.ingest('acme', [{ ok: true as const, value: upsert('a1', 'acme-secret', 'Acme staff get free lounge access with the code ZEBRA.') }], { wait: true });
    const [acme] = await gw.services.documents.search('acme', [query('lounge access code', { k: 10 })]);
    expect((acme as DocumentHit[]).map((h) => h.id)).toEqual(['acme-secret']);
    const [mine] = await gw.services.documents.search('default', [query('lounge access code ZEBRA', { k: 10 })]);
    expect((mine as DocumentHit[]).map((h) => h.id)).not.toContain('acme-secret');
    const [none] = await gw.services.documents.search('nobody', [query('lounge access code', { k: 10 })]);
    expect(none).toEqual([]);
  });

  it('a write through another replica (same Redis, same store) is seen at once', async () => {
    const config = parseConfig({ logLevel: 'silent', keyPrefix: gw.prefix, vectorStore: { dir: gw.config.vectorStore.dir }, queue: { name: `${gw.prefix}-replica`, workerInProcess: true } });
    const other: Gateway = await createGateway(config, { logger: createLogger('silent'), worker: true });
    try {
      expect(await knowledgeIds('lost property office')).toEqual(expect.not.arrayContaining(['lost-property']));
      await other.services.ingestor.ingest('default', [{ ok: true as const, value: upsert('r1', 'lost-property', 'The lost property office keeps items for 90 days.') }], { wait: true });
      expect((await knowledgeIds('lost property office'))[0]).toBe('lost-property');
      await other.services.ingestor.ingest('default', [{ ok: true as const, value: deletion('r2', 'lost-property', 0) }], { wait: true });
      expect(await knowledgeIds('lost property office')).not.toContain('lost-property');
    } finally {
      await other.close();
      await unlinkMatching(gw.redis, `bull:${gw.prefix}-replica:*`);
    }
  });
});

describe('knowledge in memory: limits', () => {
  it('searches the vector store when the knowledge base has more chunks than maxChunks', async () => {
    const gw = await startTestGateway({ documents: { knowledgeInMemory: { maxChunks: 3 } } });
    try {
      await gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(KNOWLEDGE) });
      const spy = vi.spyOn(gw.services.documents.store, 'query');
      const [hits] = await gw.services.documents.search('default', [query('refund for a cancelled ticket')]);
      expect((hits as DocumentHit[])[0]?.id).toBe('refunds');
      expect(spy.mock.calls.filter(([, q]) => q.customerId === null)).toHaveLength(1);
    } finally {
      await gw.cleanup();
    }
  });
});
