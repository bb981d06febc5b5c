// Documents through the queue: built-in and plugin-mapped events, chunk replacement, deletion,
// event-time ordering, retries, asOf, erasure, the GraphQL fields and the context's documents level.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedDocumentId } from '../../src/documents/ids.ts';
import { createHashingEmbedder } from '../../src/embeddings/index.ts';
import { validateEvent } from '../../src/events/envelope.ts';
import type { GatewayEvent } from '../../src/events/types.ts';
import { definePlugin } from '../../src/plugins/types.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const HOUR = 3_600_000;
const now = Date.now();

const helpdesk = definePlugin({
  name: 'helpdesk',
  eventTypes: {
    'ticket.updated': {
      payload: z.object({ ticketId: z.string(), subject: z.string(), body: z.string(), closed: z.boolean().default(false) }),
      documents: ({ payload: p }) => (p.closed ? [{ documentId: `ticket:${p.ticketId}`, deleted: true }] : [{ documentId: `ticket:${p.ticketId}`, title: p.subject, text: p.body, metadata: { kind: 'ticket' } }]),
    },
  },
});

/** ~40 sentences: several chunks at the default 1000 characters. */
const longText = Array.from({ length: 40 }, (_, i) => `Paragraph ${i} talks about the lounge access rules and tells item number ${i} apart.`).join(' ');

describe('documents', () => {
  let gw: TestGateway;
  const post = (events: object[]) => gw.fetch('http://gw/v1/events?wait=true', { method: 'POST', body: JSON.stringify(events) }).then((r) => r.json());
  const upsert = (id: string, documentId: string, text: string, o: { customerId?: string; ago?: number; title?: string; metadata?: object } = {}) => ({
    id,
    type: 'document.upserted',
    ...(o.customerId ? { customerId: o.customerId } : {}),
    timestamp: iso(now - (o.ago ?? HOUR)),
    payload: { documentId, text, ...(o.title ? { title: o.title } : {}), ...(o.metadata ? { metadata: o.metadata } : {}) },
  });
  /** Every stored chunk of one document, straight from the store. */
  const chunksOf = async (customerId: string | null, documentId: string) => {
    const [vector] = await gw.services.documents.embedder.embed(['anything']);
    const hits = await gw.services.documents.store.query('default', { vector: vector!, k: 1000, customerId });
    return hits.filter((h) => h.documentId === storedDocumentId(customerId, documentId)).map((h) => h.id).sort();
  };
  const knowledge = (query: string, extra = '', filter?: unknown) =>
    gw.gql(`query($q: String!, $f: JSON) { knowledge(query: $q, filter: $f${extra}) { id text score source metadata updatedAt } }`, { q: query, f: filter });
  const customerDocs = (id: string, query: string, extra = '') =>
    gw.gql(`query($id: ID!, $q: String!) { customer(id: $id) { documents(query: $q${extra}) { id text score source metadata updatedAt } } }`, { id, q: query });

  beforeAll(async () => {
    gw = await startTestGateway({}, { plugins: [{ plugin: helpdesk }] });
    const r = await post([
      upsert('k-refund', 'policy-refunds', 'Refunds: a cancelled ticket is refunded to the original card within 7 days. Non-refundable fares get taxes back.', { title: 'Refund policy', metadata: { category: 'policy', factKey: 'policy:refunds' }, ago: 48 * HOUR }),
      upsert('k-bags', 'policy-baggage', 'Baggage: one cabin bag of 8 kg and one checked bag of 23 kg are included in every fare.', { title: 'Baggage allowance', metadata: { category: 'policy' }, ago: 48 * HOUR }),
      upsert('k-faq', 'faq-wifi', 'Wifi on board is free for messaging on every flight.', { metadata: { category: 'faq' }, ago: 48 * HOUR }),
      upsert('a-note', 'note-1', 'Alice asked about her refund for the cancelled Lisbon flight.', { customerId: 'alice', ago: 2 * HOUR }),
      upsert('b-note', 'note-1', 'Bob wants a vegetarian meal on his next flight.', { customerId: 'bob', ago: 2 * HOUR }),
      { id: 't1', type: 'ticket.updated', customerId: 'alice', timestamp: iso(now - HOUR), payload: { ticketId: 'T1', subject: 'Lost suitcase', body: 'My suitcase did not arrive in Berlin.' } },
    ]);
    expect(r).toMatchObject({ accepted: 6, rejected: [] });
  });
  afterAll(async () => gw.cleanup());

  it('finds knowledge by meaning, with score, source, metadata and updatedAt', async () => {
    const { data, errors } = await knowledge('how do I get a refund for my cancelled ticket', ', k: 2');
    expect(errors).toBeUndefined();
    expect(data.knowledge).toHaveLength(2);
    const [top] = data.knowledge;
    expect(top).toMatchObject({ id: 'policy-refunds', source: 'core', metadata: { category: 'policy', title: 'Refund policy', factKey: 'policy:refunds' }, updatedAt: iso(now - 48 * HOUR) });
    expect(top.text).toMatch(/refunded to the original card/);
    expect(top.score).toBeGreaterThan(data.knowledge[1].score);
    // Customers' documents are never knowledge.
    expect(data.knowledge.map((h: { id: string }) => h.id)).not.toContain('note-1');
  });

  it('filters knowledge on metadata; a bad filter or k is a clear BAD_USER_INPUT', async () => {
    const faq = await knowledge('refund baggage wifi', '', { category: 'faq' });
    expect(faq.data.knowledge.map((h: { id: string }) => h.id)).toEqual(['faq-wifi']);
    for (const [extra, filter, message] of [
      ['', { category: { eq: 'faq' } }, /filter: filter field "category" must be a string, finite number or boolean/],
      ['', ['faq'], /filter: filter must be an object/],
      [', k: 0', null, /k must be between 1 and 100, got 0/],
      [', k: 101', null, /k must be between 1 and 100, got 101/],
    ] as const) {
      const { errors } = await knowledge('refund', extra, filter);
      expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
      expect(errors?.[0].message).toMatch(message);
    }
    expect((await knowledge('   ')).errors?.[0].message).toBe('query must not be empty');
  });

  it('Customer.documents answers only that customer\'s documents, plugin-mapped ones included', async () => {
    const alice = await customerDocs('alice', 'suitcase refund lisbon');
    expect(alice.errors).toBeUndefined();
    expect(alice.data.customer.documents.map((h: { id: string }) => h.id).sort()).toEqual(['note-1', 'ticket:T1']);
    const ticket = alice.data.customer.documents.find((h: { id: string }) => h.id === 'ticket:T1');
    expect(ticket).toMatchObject({ source: 'helpdesk', metadata: { kind: 'ticket', title: 'Lost suitcase' }, text: 'My suitcase did not arrive in Berlin.' });
    const bob = await customerDocs('bob', 'suitcase refund lisbon meal');
    expect(bob.data.customer.documents.map((h: { text: string }) => h.text)).toEqual(['Bob wants a vegetarian meal on his next flight.']);
  });

  it('asOf hides documents created later', async () => {
    const before = await customerDocs('alice', 'suitcase refund', `, asOf: "${iso(now - 90 * 60_000)}"`);
    expect(before.data.customer.documents.map((h: { id: string }) => h.id)).toEqual(['note-1']);
    const exactly = await customerDocs('alice', 'suitcase refund', `, asOf: "${iso(now - HOUR)}"`);
    expect(exactly.data.customer.documents).toHaveLength(2);
  });

  it('re-upserting replaces every chunk: none is left when the new text is shorter', async () => {
    await post([upsert('l1', 'lounge', longText, { customerId: 'carol', ago: 3 * HOUR })]);
    const long = await chunksOf('carol', 'lounge');
    expect(long.length).toBeGreaterThan(3);
    await post([upsert('l2', 'lounge', 'Lounge access is now for gold members only.', { customerId: 'carol', ago: 2 * HOUR })]);
    expect(await chunksOf('carol', 'lounge')).toEqual([`${storedDocumentId('carol', 'lounge')}#0`]);
    const { data } = await customerDocs('carol', 'lounge access');
    expect(data.customer.documents).toEqual([expect.objectContaining({ id: 'lounge', text: 'Lounge access is now for gold members only.', updatedAt: iso(now - 2 * HOUR) })]);
  });

  it('an older event never overwrites a newer document, nor brings a deleted one back', async () => {
    await post([upsert('o1', 'plan', 'Plan version two.', { customerId: 'dave', ago: HOUR })]);
    await post([upsert('o0', 'plan', 'Plan version one, sent late.', { customerId: 'dave', ago: 2 * HOUR })]);
    expect((await customerDocs('dave', 'plan')).data.customer.documents.map((h: { text: string }) => h.text)).toEqual(['Plan version two.']);
    await post([{ id: 'o2', type: 'document.deleted', customerId: 'dave', timestamp: iso(now - 30 * 60_000), payload: { documentId: 'plan' } }]);
    await post([upsert('o-late', 'plan', 'Plan version 1.5, sent very late.', { customerId: 'dave', ago: 90 * 60_000 })]);
    expect((await customerDocs('dave', 'plan')).data.customer.documents).toEqual([]);
    expect(await chunksOf('dave', 'plan')).toEqual([]);
  });

  it('document.deleted and a plugin\'s deletion remove every chunk', async () => {
    await post([upsert('d1', 'manual', longText, { ago: 3 * HOUR })]);
    expect((await chunksOf(null, 'manual')).length).toBeGreaterThan(3);
    await post([{ id: 'd2', type: 'document.deleted', timestamp: iso(now - 2 * HOUR), payload: { documentId: 'manual' } }]);
    expect(await chunksOf(null, 'manual')).toEqual([]);
    await post([{ id: 't2', type: 'ticket.updated', customerId: 'alice', timestamp: iso(now - 30 * 60_000), payload: { ticketId: 'T1', subject: 'Lost suitcase', body: 'Found.', closed: true } }]);
    expect(await chunksOf('alice', 'ticket:T1')).toEqual([]);
    expect(await chunksOf('alice', 'note-1')).toHaveLength(1);
  });

  it('a retried job (the same events applied again) changes nothing', async () => {
    const raw = [upsert('r1', 'retry-doc', longText, { customerId: 'erin', ago: 2 * HOUR }), upsert('r2', 'retry-doc', 'Short now.', { customerId: 'erin', ago: HOUR })];
    const events = raw.map((e, i) => {
      const v = validateEvent(e, i, gw.services.registry, { maxClockSkew: 300_000, unknownTypes: 'accept', now: Date.now() });
      if (!v.ok) throw new Error(v.rejection.message);
      return v.event as GatewayEvent;
    });
    const first = await gw.applier.apply('default', events);
    const second = await gw.applier.apply('default', events);
    expect(first).toMatchObject({ applied: 2, duplicates: 0 });
    expect(second).toMatchObject({ applied: 0, duplicates: 2 });
    expect(await chunksOf('erin', 'retry-doc')).toEqual([`${storedDocumentId('erin', 'retry-doc')}#0`]);
    expect((await customerDocs('erin', 'short')).data.customer.documents.map((h: { text: string }) => h.text)).toEqual(['Short now.']);
  });

  it('forgetCustomer deletes the customer\'s documents and nobody else\'s', async () => {
    await post([upsert('f1', 'secret', 'Frank prefers aisle seats.', { customerId: 'frank' })]);
    expect(await chunksOf('frank', 'secret')).toHaveLength(1);
    expect((await gw.gql(`mutation { forgetCustomer(id: "frank") }`)).data.forgetCustomer).toBe(true);
    expect(await chunksOf('frank', 'secret')).toEqual([]);
    expect(await chunksOf('bob', 'note-1')).toHaveLength(1);
  });

  it('Customer.context brings the matching knowledge and the customer\'s own documents', async () => {
    const { data, errors } = await gw.gql(`{ customer(id: "alice") { context(question: "Can I get a refund for my cancelled flight?", maxTokens: 2000) { items { id kind source text score observedAt } errors { source code } } } }`);
    expect(errors).toBeUndefined();
    const docs = data.customer.context.items.filter((i: { kind: string }) => i.kind === 'DOCUMENT');
    expect(docs).toContainEqual(expect.objectContaining({ id: 'DOCUMENT:knowledge:policy-refunds', source: 'core', observedAt: null }));
    expect(docs.find((d: { id: string }) => d.id === 'DOCUMENT:knowledge:policy-refunds').text).toMatch(/^Refund policy: Refunds: a cancelled ticket/);
    expect(docs).toContainEqual(expect.objectContaining({ id: 'DOCUMENT:customer:note-1', observedAt: iso(now - 2 * HOUR) }));
    expect(data.customer.context.errors).toEqual([]);
  });
});

describe('documents: embedder changes', () => {
  it('refuses at start a store built by another embedder, with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cgtest-mismatch-'));
    try {
      const gw = await startTestGateway({ vectorStore: { dir } });
      await gw.cleanup();
      await expect(startTestGateway({ vectorStore: { dir } }, { embedder: createHashingEmbedder({ dimension: 64 }) })).rejects.toThrow(
        /built with embedder "hashing-ngram-384-v1" \(dimension 384\) but is being opened with "hashing-ngram-64-v1" \(dimension 64\)/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
