// A key of tenant A can never read, write or erase tenant B's data, through any route.
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/events/types.ts';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { KEYS, apiKeys, bearer, postEvents, subscribe } from './helpers.ts';

const A = bearer(KEYS.aAdmin);
const B = bearer(KEYS.bAdmin);
const t = Date.now() - 60_000;
const profile = (id: string, customerId: string, tier: string) => ({ id, type: 'profile.updated', customerId, timestamp: iso(t), payload: { attributes: { tier } } });
const view = (id: string, customerId: string) => ({ id, type: 'page.viewed', customerId, timestamp: iso(t + 1) });

describe('tenant isolation on every route', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ auth: { apiKeys } });
    // Both tenants know a customer "shared"; only B knows "b-only".
    expect((await postEvents(gw, [profile('a1', 'shared', 'a-gold'), view('a2', 'shared')], A)).status).toBe(200);
    expect((await postEvents(gw, [profile('b1', 'shared', 'b-silver'), view('b2', 'shared'), view('b3', 'shared'), profile('b4', 'b-only', 'b')], B)).status).toBe(200);
  });
  afterAll(async () => gw.cleanup());

  it('Query.customer and Customer fields read only the key\'s tenant', async () => {
    const q = `{ customer(id: "shared") { profile attributes { name value } events { id } } }`;
    const a = await gw.gql(q, {}, A);
    expect(a.errors).toBeUndefined();
    expect(a.data.customer.profile).toEqual({ tier: 'a-gold' });
    expect(a.data.customer.events.map((e: any) => e.id).sort()).toEqual(['a1', 'a2']);
    const b = await gw.gql(q, {}, B);
    expect(b.data.customer.profile).toEqual({ tier: 'b-silver' });
    expect(b.data.customer.events.map((e: any) => e.id).sort()).toEqual(['b1', 'b2', 'b3']);
    expect((await gw.gql(`{ customer(id: "b-only") { id profile } }`, {}, A)).data.customer).toBeNull();
  });

  it('Query.customers answers null for the other tenant\'s customers', async () => {
    const { data } = await gw.gql(`{ customers(ids: ["shared", "b-only"]) { id profile } }`, {}, A);
    expect(data.customers).toEqual([{ id: 'shared', profile: { tier: 'a-gold' } }, null]);
  });

  it('Query.sources counts only the key\'s tenant (profile.updated events of the core source)', async () => {
    const total = async (h: Record<string, string>) =>
      ((await gw.gql(`{ sources { name eventsApplied } }`, {}, h)).data.sources as { eventsApplied: number }[]).reduce((n, s) => n + s.eventsApplied, 0);
    expect(await total(A)).toBe(1);
    expect(await total(B)).toBe(2);
  });

  it('Query.knowledge and Customer.documents search only the key\'s tenant', async () => {
    const doc = (id: string, documentId: string, text: string, customerId?: string) => ({ id, type: 'document.upserted', ...(customerId ? { customerId } : {}), timestamp: iso(t), payload: { documentId, text } });
    expect((await postEvents(gw, [doc('ad1', 'policy-a', 'Refund policy of tenant a: refunds within 7 days.'), doc('ad2', 'note-a', 'Refund note about a customer of a.', 'shared')], A)).status).toBe(200);
    expect((await postEvents(gw, [doc('bd1', 'policy-b', 'Refund policy of tenant b: refunds within 30 days.'), doc('bd2', 'note-b', 'Refund note about a customer of b.', 'shared')], B)).status).toBe(200);
    const ids = async (h: Record<string, string>) => {
      const { data, errors } = await gw.gql(`{ knowledge(query: "refund policy", k: 10) { id } customer(id: "shared") { documents(query: "refund note", k: 10) { id } } }`, {}, h);
      expect(errors).toBeUndefined();
      return { knowledge: data.knowledge.map((d: any) => d.id), documents: data.customer.documents.map((d: any) => d.id) };
    };
    expect(await ids(A)).toEqual({ knowledge: ['policy-a'], documents: ['note-a'] });
    expect(await ids(B)).toEqual({ knowledge: ['policy-b'], documents: ['note-b'] });
  });

  it('Mutation.remember and Customer.memory stay within the key\'s tenant', async () => {
    const { errors } = await gw.gql(`mutation { remember(customerId: "shared", text: "a: wants somewhere warmer") { id } }`, {}, A);
    expect(errors).toBeUndefined();
    const memory = async (h: Record<string, string>) => (await gw.gql(`{ customer(id: "shared") { memory { text } } }`, {}, h)).data.customer.memory;
    expect(await memory(A)).toEqual([{ text: 'a: wants somewhere warmer' }]);
    expect(await memory(B)).toEqual([]);
  });

  it('Customer.context is built from the key\'s tenant only', async () => {
    const prompt = async (h: Record<string, string>) => (await gw.gql(`{ customer(id: "shared") { context { prompt } } }`, {}, h)).data.customer.context.prompt as string;
    const a = await prompt(A);
    expect(a).toMatch(/a-gold/);
    expect(a).not.toMatch(/b-silver|tenant b/);
    expect(await prompt(B)).not.toMatch(/a-gold|wants somewhere warmer/);
  });

  it('the agent tool routes (/tools/call, the same tools as /mcp) act on the key\'s tenant', async () => {
    const call = async (h: Record<string, string>, id: string) => {
      const res = await gw.fetch('http://gw/tools/call', { method: 'POST', headers: { 'content-type': 'application/json', ...h }, body: JSON.stringify({ name: 'get_customer', arguments: { id } }) });
      return res.json();
    };
    expect((await call(A, 'shared')).data.profile).toEqual({ tier: 'a-gold' });
    expect((await call(B, 'shared')).data.profile).toEqual({ tier: 'b-silver' });
    const hidden = await call(A, 'b-only');
    expect(hidden.isError).toBe(true);
    expect(hidden.content).toMatch(/NOT_FOUND/);
  });

  it('Mutation.ingest writes only into the key\'s tenant', async () => {
    const { data, errors } = await gw.gql(`mutation($e: [EventInput!]!) { ingest(events: $e, wait: true) { accepted } }`, { e: [profile('a-ing', 'ingested', 'a')] }, A);
    expect(errors).toBeUndefined();
    expect(data.ingest.accepted).toBe(1);
    expect((await gw.gql(`{ customer(id: "ingested") { id } }`, {}, A)).data.customer).toEqual({ id: 'ingested' });
    expect((await gw.gql(`{ customer(id: "ingested") { id } }`, {}, B)).data.customer).toBeNull();
    expect(await gw.redis.exists(`${gw.prefix}:{b:ingested}:meta`)).toBe(0);
  });

  it('POST /v1/events writes only into the key\'s tenant, and an event cannot name another tenant', async () => {
    expect((await postEvents(gw, [profile('a-post', 'posted', 'a')], A)).status).toBe(200);
    expect((await gw.gql(`{ customer(id: "posted") { id } }`, {}, B)).data.customer).toBeNull();
    const res = await postEvents(gw, [{ ...profile('sneak', 'sneaky', 'x'), tenant: 'b' }], A);
    const body = await res.json();
    expect(body.rejected).toEqual([expect.objectContaining({ index: 0, code: 'INVALID_EVENT' })]);
    expect((await gw.gql(`{ customer(id: "sneaky") { id } }`, {}, B)).data.customer).toBeNull();
  });

  it('Mutation.forgetCustomer erases only the key\'s tenant', async () => {
    await postEvents(gw, [profile('a-f', 'forget-me', 'a')], A);
    await postEvents(gw, [profile('b-f', 'forget-me', 'b')], B);
    expect((await gw.gql(`mutation { forgetCustomer(id: "forget-me") }`, {}, A)).data.forgetCustomer).toBe(true);
    expect((await gw.gql(`{ customer(id: "forget-me") { id } }`, {}, A)).data.customer).toBeNull();
    expect((await gw.gql(`{ customer(id: "forget-me") { profile } }`, {}, B)).data.customer).toEqual({ profile: { tier: 'b' } });
  });

  it('Subscription.events delivers only the key\'s tenant\'s events', async () => {
    const sub = await subscribe(gw, `subscription { events(customerId: "live") { id customerId } }`, {}, A);
    expect(sub.status).toBe(200);
    const seen: string[] = [];
    const first = sub.next().then((r) => seen.push(r.data.events.id));
    // The Redis SUBSCRIBE lands at some point; publish B then A until A's subscription hears one.
    for (let i = 0; i < 100 && seen.length === 0; i++) {
      await postEvents(gw, [view(`b-live-${i}`, 'live')], B);
      await postEvents(gw, [view(`a-live-${i}`, 'live')], A);
      await Promise.race([first, Promise.resolve()]);
    }
    await first;
    // Now certainly subscribed: B's event is published before A's, on the same connection.
    await postEvents(gw, [view('b-live-last', 'live')], B);
    await postEvents(gw, [view('a-live-last', 'live')], A);
    while (seen.at(-1) !== 'a-live-last') seen.push((await sub.next()).data.events.id);
    sub.close();
    expect(seen.every((id) => id.startsWith('a-'))).toBe(true);
  });

  it('Subscription.alerts delivers only the key\'s tenant\'s alerts', async () => {
    const alert = (id: string): StoredEvent => ({ id, type: 'fraud.suspected', customerId: 'live', timestamp: iso(t), payload: {}, source: 'test' });
    const sub = await subscribe(gw, `subscription { alerts { id } }`, {}, A);
    const seen: string[] = [];
    const first = sub.next().then((r) => seen.push(r.data.alerts.id));
    for (let i = 0; i < 100 && seen.length === 0; i++) {
      gw.services.bus.publish('alerts', 'b', [alert(`b-alert-${i}`)]);
      gw.services.bus.publish('alerts', 'a', [alert(`a-alert-${i}`)]);
      await gw.redis.ping(); // publishes go out in order on this connection; let them land
      await Promise.race([first, Promise.resolve()]);
    }
    await first;
    gw.services.bus.publish('alerts', 'b', [alert('b-alert-last')]);
    gw.services.bus.publish('alerts', 'a', [alert('a-alert-last')]);
    while (seen.at(-1) !== 'a-alert-last') seen.push((await sub.next()).data.alerts.id);
    sub.close();
    expect(seen.every((id) => id.startsWith('a-'))).toBe(true);
  });

  it('a subscription\'s arguments filter its stream (alerts of one customer only)', async () => {
    const alert = (id: string, customerId: string): StoredEvent => ({ id, type: 'fraud.suspected', customerId, timestamp: iso(t), payload: {}, source: 'test' });
    const sub = await subscribe(gw, `subscription($c: ID) { alerts(customerId: $c) { id customerId } }`, { c: 'mine' }, A);
    const seen: string[] = [];
    const first = sub.next().then((r) => seen.push(r.data.alerts.id));
    for (let i = 0; i < 100 && seen.length === 0; i++) {
      gw.services.bus.publish('alerts', 'a', [alert(`other-${i}`, 'other'), alert(`mine-${i}`, 'mine')]);
      await gw.redis.ping();
      await Promise.race([first, Promise.resolve()]);
    }
    await first;
    gw.services.bus.publish('alerts', 'a', [alert('other-last', 'other'), alert('mine-last', 'mine')]);
    while (seen.at(-1) !== 'mine-last') seen.push((await sub.next()).data.alerts.id);
    sub.close();
    expect(seen.every((id) => id.startsWith('mine-'))).toBe(true);
  });

  describe('jobs added directly to the queue carry their tenant', () => {
    let producer: Queue;
    let events: QueueEvents;
    let conn: Redis;
    beforeAll(async () => {
      conn = new Redis({ maxRetriesPerRequest: null });
      producer = new Queue(gw.config.queue.name, { connection: conn });
      events = new QueueEvents(gw.config.queue.name, { connection: { host: '127.0.0.1', port: 6379 } });
      await events.waitUntilReady();
    });
    afterAll(async () => {
      await events.close();
      await producer.close();
      conn.disconnect();
    });

    it('a job for tenant b is applied to b and invisible to a', async () => {
      const job = await producer.add('events', { v: 1, tenant: 'b', events: [profile('q1', 'queued', 'from-queue')] });
      await job.waitUntilFinished(events);
      expect((await gw.gql(`{ customer(id: "queued") { profile } }`, {}, B)).data.customer).toEqual({ profile: { tier: 'from-queue' } });
      expect((await gw.gql(`{ customer(id: "queued") { id } }`, {}, A)).data.customer).toBeNull();
    });

    it('a job without a tenant is refused, not applied to some default tenant', async () => {
      const job = await producer.add('events', { v: 1, events: [profile('q2', 'no-tenant', 'x')] }, { attempts: 1 });
      await expect(job.waitUntilFinished(events)).rejects.toThrow(/tenant/);
      for (const h of [A, B]) expect((await gw.gql(`{ customer(id: "no-tenant") { id } }`, {}, h)).data.customer).toBeNull();
      expect(await gw.redis.keys(`${gw.prefix}:{default:no-tenant}:*`)).toEqual([]);
    });
  });
});
