import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const t = Date.now() - 3_600_000;
const good = (id: string) => ({ id, type: 'profile.updated', customerId: 'v1', timestamp: iso(t), payload: { attributes: { tier: id } } });

describe('every bad input is rejected with its reason; the good events of the batch are kept', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ limits: { maxBodyBytes: 4096, maxBatchEvents: 5 } });
  });
  afterAll(async () => gw.cleanup());

  const post = (body: string, type = 'application/json', wait = true) =>
    gw.fetch(`http://gw/v1/events${wait ? '?wait=true' : ''}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('malformed JSON: 400 naming the problem', async () => {
    const res = await post('[{"id": "x",');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('INVALID_JSON');
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('each bad event names its index, id, code and field; good ones are applied', async () => {
    const res = await post(
      JSON.stringify([
        good('g1'),
        { type: 'profile.updated', customerId: 'v1', timestamp: iso(t), payload: {} },
        { id: 'no-ts', type: 'x.y', customerId: 'v1' },
        { id: 'bad-ts', type: 'x.y', customerId: 'v1', timestamp: 'yesterday' },
        { id: 'wrong-type', type: 42, customerId: 'v1', timestamp: iso(t) },
      ]),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.accepted).toBe(1);
    const byIndex = Object.fromEntries(body.rejected.map((r: any) => [r.index, r]));
    expect(byIndex[1]).toMatchObject({ id: null, code: 'INVALID_EVENT' });
    expect(byIndex[1].message).toMatch(/^id: /);
    expect(byIndex[2]).toMatchObject({ id: 'no-ts', code: 'INVALID_EVENT' });
    expect(byIndex[2].message).toMatch(/timestamp/);
    expect(byIndex[3]).toMatchObject({ id: 'bad-ts', code: 'INVALID_EVENT' });
    expect(byIndex[3].message).toMatch(/timestamp: must be an ISO-8601/);
    expect(byIndex[4].message).toMatch(/^type: /);
    const { data } = await gw.gql(`{ customer(id: "v1") { profile } }`);
    expect(data.customer.profile).toEqual({ tier: 'g1' });
  });

  it('unknown fields, bad payloads, missing customerId and future times are rejected', async () => {
    const res = await post(
      JSON.stringify([
        { ...good('u1'), extra: true },
        { ...good('p1'), payload: { attributes: 'gold' } },
        { ...good('p2'), payload: { attributes: { tier: 'x' }, other: 1 } },
        { ...good('c1'), customerId: undefined },
        { ...good('f1'), timestamp: iso(Date.now() + 86_400_000) },
      ]),
    );
    const body = await res.json();
    expect(res.status).toBe(400);
    expect(body.accepted).toBe(0);
    const codes = body.rejected.map((r: any) => [r.id, r.code, r.message]);
    expect(codes[0]).toEqual(['u1', 'INVALID_EVENT', expect.stringMatching(/extra/)]);
    expect(codes[1]).toEqual(['p1', 'INVALID_PAYLOAD', expect.stringMatching(/^payload\.attributes: /)]);
    expect(codes[2]).toEqual(['p2', 'INVALID_PAYLOAD', expect.stringMatching(/other/)]);
    expect(codes[3]).toEqual(['c1', 'INVALID_EVENT', expect.stringMatching(/customerId/)]);
    expect(codes[4]).toEqual(['f1', 'FUTURE_TIMESTAMP', expect.stringMatching(/future/)]);
  });

  it('NDJSON: a malformed line is rejected at its index, the other lines are kept', async () => {
    const body = [JSON.stringify(good('n1')), '{"id": oops}', JSON.stringify({ ...good('n2'), customerId: 'v2' })].join('\n');
    const res = await post(body, 'application/x-ndjson');
    const result = await res.json();
    expect(result.accepted).toBe(2);
    expect(result.rejected).toEqual([{ index: 1, id: null, code: 'INVALID_JSON', message: expect.stringMatching(/^line 2: /) }]);
  });

  it('an oversize body gets 413', async () => {
    const events = Array.from({ length: 4 }, (_, i) => ({ ...good(`big${i}`), payload: { attributes: { blob: 'x'.repeat(1500) } } }));
    const res = await post(JSON.stringify(events));
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringMatching(/4096 bytes/) });
  });

  it('too many events in one request gets 413 with a rejection naming the limit', async () => {
    const res = await post(JSON.stringify(Array.from({ length: 6 }, (_, i) => good(`m${i}`))));
    expect(res.status).toBe(413);
    expect((await res.json()).rejected[0]).toMatchObject({ code: 'BATCH_TOO_LARGE', message: expect.stringMatching(/limit is 5/) });
  });

  it('Mutation.ingest answers per event in the same shape', async () => {
    const { data, errors } = await gw.gql(
      `mutation($events: [EventInput!]!) { ingest(events: $events, wait: true) { accepted duplicates rejected { index id code message } } }`,
      { events: [good('q1'), { ...good('q2'), payload: { attributes: 5 } }, good('q1')] },
    );
    expect(errors).toBeUndefined();
    expect(data.ingest).toEqual({
      accepted: 1,
      duplicates: 1,
      rejected: [{ index: 1, id: 'q2', code: 'INVALID_PAYLOAD', message: expect.stringMatching(/payload\.attributes/) }],
    });
  });

  it('Mutation.ingest with an unparseable DateTime is a GraphQL input error', async () => {
    const { errors } = await gw.gql(`mutation { ingest(events: [{id: "d", type: "a.b", customerId: "v1", timestamp: "soon"}]) { accepted } }`);
    expect(errors?.[0].message).toMatch(/DateTime must be an ISO-8601/);
  });
});
