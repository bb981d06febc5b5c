// Every client error carries a stable extensions.code; unexpected errors are masked.
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/types.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { KEYS, apiKeys, bearer } from './helpers.ts';

const failing = definePlugin({
  name: 'failing',
  typeDefs: /* GraphQL */ `
    extend type Query {
      boom: String
      uncoded: String
    }
  `,
  resolvers: {
    Query: {
      boom: () => {
        throw new Error('connection to 10.0.0.7 refused; password=hunter2');
      },
      uncoded: () => {
        throw new GraphQLError('a plugin error without a code');
      },
    },
  },
});

describe('error codes on every error path', () => {
  let gw: TestGateway;
  const A = bearer(KEYS.aAdmin);
  beforeAll(async () => {
    gw = await startTestGateway({ auth: { apiKeys }, graphql: { introspection: false, limits: { maxDepth: 3 } } }, { plugins: [{ plugin: failing }] });
  });
  afterAll(async () => gw.cleanup());

  const post = async (body: string, headers: Record<string, string> = A) => {
    const res = await gw.fetch('http://gw/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions?: { code?: unknown } }[] } };
  };
  const op = (query: string, variables?: unknown) => JSON.stringify({ query, variables });

  const cases: [string, () => ReturnType<typeof post>, string][] = [
    ['syntax error', () => post(op('{ customer(id: ')), 'GRAPHQL_PARSE_FAILED'],
    ['unknown field', () => post(op('{ customer(id: "x") { nope } }')), 'GRAPHQL_VALIDATION_FAILED'],
    ['missing argument', () => post(op('{ customer { id } }')), 'GRAPHQL_VALIDATION_FAILED'],
    ['introspection disabled', () => post(op('{ __schema { types { name } } }')), 'GRAPHQL_VALIDATION_FAILED'],
    ['variable of the wrong type', () => post(op('query($n: Int!) { customer(id: "x") { events(limit: $n) { id } } }', { n: 'ten' })), 'BAD_USER_INPUT'],
    ['missing variable', () => post(op('query($id: ID!) { customer(id: $id) { id } }')), 'BAD_USER_INPUT'],
    ['argument out of range', () => post(op('query($ids: [ID!]!) { customers(ids: $ids) { id } }', { ids: Array.from({ length: 1001 }, (_, i) => `c${i}`) })), 'BAD_USER_INPUT'],
    ['bad DateTime', () => post(op('query($t: DateTime) { customer(id: "x") { attributes(asOf: $t) { name } } }', { t: 'yesterday' })), 'BAD_USER_INPUT'],
    ['no query', () => post('{}'), 'BAD_REQUEST'],
    ['body not JSON', () => post('{'), 'BAD_REQUEST'],
    ['missing key', () => post(op('{ sources { name } }'), {}), 'UNAUTHENTICATED'],
    ['missing scope', () => post(op('{ sources { name } }'), bearer(KEYS.aWrite)), 'FORBIDDEN'],
    ['depth limit', () => post(op('{ customer(id: "x") { context { items { id } } } }')), 'QUERY_TOO_COMPLEX'],
    ['cost limit', () => post(op(`{ customers(ids: [${'"x",'.repeat(400)}]) { events(limit: 1000) { id } } }`)), 'QUERY_TOO_COMPLEX'],
    ['a plugin\'s GraphQLError without a code', () => post(op('{ uncoded }')), 'BAD_REQUEST'],
    ['an unexpected error', () => post(op('{ boom }')), 'INTERNAL_SERVER_ERROR'],
  ];
  for (const [name, run, code] of cases) {
    it(`${name}: ${code}`, async () => {
      const { body } = await run();
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const e of body.errors!) expect(e.extensions?.code).toBe(code);
    });
  }

  it('an unexpected error is masked: no message, no stack, no original error', async () => {
    const { body } = await post(op('{ boom }'));
    expect(body.errors).toEqual([{ message: 'Unexpected error.', path: ['boom'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
    expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.0\.0\.7/);
  });

  it('a rate-limited request: RATE_LIMITED', async () => {
    const limited = await startTestGateway({ auth: { apiKeys }, rateLimit: { requestsPerWindow: 1, window: '1h' } });
    try {
      expect((await limited.gql('{ sources { name } }', {}, A)).errors).toBeUndefined();
      expect((await limited.gql('{ sources { name } }', {}, A)).errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) })]);
    } finally {
      await limited.cleanup();
    }
  });
});
