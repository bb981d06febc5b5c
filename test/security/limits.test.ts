// Depth, alias, directive, token and cost limits: each refuses with QUERY_TOO_COMPLEX and says which.
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost } from '../../src/server/security/index.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

const limits = { maxDepth: 3, maxAliases: 2, maxDirectives: 2, maxTokens: 60, maxCost: 500, defaultListSize: 20 };

describe('query limits', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ graphql: { limits } });
  });
  afterAll(async () => gw.cleanup());

  const refused = async (query: string, limit: string, variables: Record<string, unknown> = {}) => {
    const { data, errors } = await gw.gql(query, variables);
    expect(data ?? null).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'QUERY_TOO_COMPLEX', limit, max: (limits as any)[`max${limit[0]!.toUpperCase()}${limit.slice(1)}`] }) })]);
    return errors![0];
  };
  const allowed = async (query: string, variables: Record<string, unknown> = {}) => {
    const { errors } = await gw.gql(query, variables);
    expect(errors).toBeUndefined();
  };

  it('depth', async () => {
    await allowed('{ customer(id: "x") { events { id } } }');
    const err = await refused('{ customer(id: "x") { context { items { id } } } }', 'depth');
    expect(err.message).toBe('the operation exceeds the limit of 3 levels of nesting');
    // Fragments add no level of their own: the depth is the selection's, wherever it is written.
    await allowed('{ customer(id: "x") { ...F } } fragment F on Customer { ... on Customer { events { id } } }');
    await refused('{ customer(id: "x") { ...F } } fragment F on Customer { context { items { id } } }', 'depth');
  });

  it('aliases', async () => {
    await allowed('{ a: sources { name } b: sources { name } }');
    await refused('{ a: sources { name } b: sources { name } c: sources { name } }', 'aliases');
  });

  it('directives', async () => {
    await allowed('{ sources @include(if: true) { name @skip(if: false) } }');
    await refused('{ sources @include(if: true) { name @skip(if: false) kind @include(if: true) } }', 'directives');
  });

  it('tokens, counted while parsing', async () => {
    const err = await refused(`{ sources { ${'name '.repeat(80)} } }`, 'tokens');
    expect(err.message).toBe('the document exceeds the limit of 60 tokens');
  });

  describe('cost, from list arguments', () => {
    it('events(limit) multiplies what is selected inside it', async () => {
      // customer 1 + events 1 + 400 × id 1 = 402
      await allowed('{ customer(id: "x") { events(limit: 400) { id } } }');
      const err = await refused('{ customer(id: "x") { events(limit: 250) { id type } } }', 'cost');
      expect(err.extensions.cost).toBe(502);
      expect(err.message).toMatch(/cost 502 exceeds the limit of 500/);
    });

    it('variables count: customers(ids) length × events(limit)', async () => {
      const q = 'query($ids: [ID!]!, $n: Int!) { customers(ids: $ids) { id events(limit: $n) { id } } }';
      await allowed(q, { ids: ['a', 'b'], n: 100 }); // 1 + 2×(1+1) + 2×100 = 205
      const err = await refused(q, 'cost', { ids: ['a', 'b', 'c'], n: 200 }); // 1 + 3×2 + 600
      expect(err.extensions.cost).toBe(607);
    });

    it('a cost no variable changes is remembered per document, one that a variable changes is not', async () => {
      const constant = 'query($id: ID!) { customer(id: $id) { events(limit: 300) { id type } } }';
      for (const id of ['a', 'b']) expect((await refused(constant, 'cost', { id })).extensions.cost).toBe(602);
      const varying = 'query($id: ID!, $n: Int!) { customer(id: $id) { events(limit: $n) { id type } } }';
      await allowed(varying, { id: 'a', n: 10 });
      expect((await refused(varying, 'cost', { id: 'a', n: 300 })).extensions.cost).toBe(602);
      await allowed(varying, { id: 'b', n: 10 });
    });

    it('schema defaults count, and unbounded lists count as defaultListSize', async () => {
      // events' default limit is 20; aggregates has no size argument: 20 assumed.
      const q = (n: number) => `{ customers(ids: [${Array.from({ length: n }, (_, i) => `"c${i}"`).join(',')}]) { events { id } aggregates { name } } }`;
      await allowed(q(6)); // 1 + 6×2 + 6×20 + 6×20 = 253
      const err = await refused(q(12), 'cost');
      expect(err.extensions.cost).toBe(1 + 12 * 2 + 12 * 40);
    });

    it('fragments and inline fragments are counted where they are spread', async () => {
      const err = await refused('{ customer(id: "x") { ...F } } fragment F on Customer { ... on Customer { events(limit: 600) { id } } }', 'cost');
      expect(err.extensions.cost).toBe(602);
    });

    it('subscriptions are costed like queries (the root event, then its fields)', () => {
      const schema = gw.yoga.getEnveloped({}).schema;
      expect(operationCost(schema, parse('subscription { events(customerId: "x") { id type } }'), null, {}, 20)).toBe(3);
      expect(operationCost(schema, parse('query A { sources { name } } query B { sources { name } }'), null, {}, 20)).toBeNull();
    });
  });
});
