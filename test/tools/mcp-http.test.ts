// MCP over streamable HTTP at /mcp, with the SDK's own Client: tools, errors, tenancy and scopes.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.ts';
import { httpClient, KEYS, startToolGateway, textOf } from './fixtures/setup.ts';

describe('MCP over streamable HTTP', () => {
  let gw: TestGateway;
  let writer: Client;
  beforeAll(async () => {
    gw = await startToolGateway();
    writer = await httpClient(gw, KEYS.writer);
  });
  afterAll(async () => {
    await writer.close();
    await gw.cleanup();
  });

  it('lists the tools agents see (snapshot: change it deliberately)', async () => {
    const { tools } = await writer.listTools();
    expect(tools).toMatchSnapshot();
  });

  it('get_customer_context: the prompt, then its items and sources', async () => {
    const result = await writer.callTool({ name: 'get_customer_context', arguments: { customerId: 'c1', question: 'Where does the customer live?', maxTokens: 500 } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('homeCity: Lisbon');
    const data = result.structuredContent as any;
    expect(data).toMatchObject({ customerId: 'c1', maxTokens: 500, sources: ['core'] });
    expect(data.prompt).toContain('tier: gold');
    expect(data.items.map((i: any) => i.kind)).toContain('ATTRIBUTE');
  });

  it('get_customer: profile and aggregates', async () => {
    const result = await writer.callTool({ name: 'get_customer', arguments: { id: 'c1' } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ id: 'c1', profile: { tier: 'gold', homeCity: 'Lisbon' }, aggregates: [] });
  });

  it('remember: stored, and in the context from then on', async () => {
    const result = await writer.callTool({ name: 'remember', arguments: { customerId: 'c1', text: 'Wants somewhere warmer this summer.' } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('Remembered for customer "c1": Wants somewhere warmer this summer.');
    const context = await writer.callTool({ name: 'get_customer_context', arguments: { customerId: 'c1', question: 'summer holiday' } });
    expect(textOf(context)).toContain('somewhere warmer');
  });

  it("search_knowledge: the tenant's knowledge passages, best first, never another tenant's", async () => {
    const result = await writer.callTool({ name: 'search_knowledge', arguments: { query: 'checked baggage allowance', k: 3 } });
    expect(result.isError).toBeFalsy();
    const hits = (result.structuredContent as any).hits;
    expect(hits[0]).toMatchObject({ id: expect.stringContaining('acme-baggage'), source: 'core' });
    expect(hits[0].text).toContain('23 kg');
    expect(JSON.stringify(hits)).not.toContain('Globex');
    expect(textOf(result)).toContain('23 kg');
  });

  it('plugin tools run their operation as the caller', async () => {
    const result = await writer.callTool({ name: 'recent_events', arguments: { id: 'c1', types: ['profile.updated'] } });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as any).customer.events).toHaveLength(1);
    const note = await writer.callTool({
      name: 'record_note',
      arguments: { events: [{ id: 'note-1', type: 'note.added', customerId: 'c1', timestamp: '2025-01-01T10:00:00Z', payload: '{"text":"called"}' }] },
    });
    expect(note.structuredContent).toEqual({ ingest: { accepted: 1, duplicates: 0, rejected: [] } });
  });

  it.each([
    ['a missing argument', 'get_customer', {}, /Invalid arguments for tool get_customer: id: .*expected string/],
    ['an unknown argument', 'get_customer', { id: 'c1', email: 'x' }, /Unrecognized key: "email"/],
    ['a wrong type', 'get_customer_context', { customerId: 'c1', maxTokens: 'many' }, /maxTokens: .*expected number/],
    ['out of range', 'get_customer_context', { customerId: 'c1', maxTokens: 100_000 }, /maxTokens: .*<=16000/],
    ['empty text', 'remember', { customerId: 'c1', text: '   ' }, /text: .*>=1 characters/],
    ['a bad JSON-encoded value', 'record_note', { events: [{ id: 'n', type: 't', timestamp: '2025-01-01T10:00:00Z', payload: '{nope' }] }, /events.0.payload: must be a JSON-encoded value/],
    ['an unknown tool', 'delete_everything', {}, /Unknown tool "delete_everything"/],
  ])('%s is a tool error with a clear message', async (_, name, args, message) => {
    const result = await writer.callTool({ name, arguments: args });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(message);
  });

  it('an unknown customer is a tool error, for every customer tool', async () => {
    for (const [name, args] of [
      ['get_customer', { id: 'nobody' }],
      ['get_customer_context', { customerId: 'nobody' }],
      ['remember', { customerId: 'nobody', text: 'hello' }],
    ] as const) {
      const result = await writer.callTool({ name, arguments: args });
      expect(result).toMatchObject({ isError: true });
      expect(textOf(result)).toMatch(/^NOT_FOUND: No customer with id "nobody"/);
    }
    // remember on a wrong id did not create the customer
    expect((await gw.gql('{ customer(id: "nobody") { id } }', {}, { authorization: `Bearer ${KEYS.writer}` })).data).toEqual({ customer: null });
  });

  it('a read-only key does not see remember, and calling it is refused', async () => {
    const reader = await httpClient(gw, KEYS.reader);
    try {
      const names = (await reader.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(['get_customer_context', 'search_knowledge', 'get_customer', 'recent_events']);
      const result = await reader.callTool({ name: 'remember', arguments: { customerId: 'c1', text: 'x' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toBe('FORBIDDEN: This API key lacks the "write" scope that tool remember needs.');
      expect((await reader.callTool({ name: 'get_customer', arguments: { id: 'c1' } })).isError).toBeFalsy();
    } finally {
      await reader.close();
    }
  });

  it("another tenant's customer is unknown to this key", async () => {
    const globex = await httpClient(gw, KEYS.globex);
    try {
      const theirs = await globex.callTool({ name: 'get_customer', arguments: { id: 'c1' } });
      expect(theirs.isError).toBe(true);
      expect(textOf(theirs)).toMatch(/^NOT_FOUND/);
      const own = await globex.callTool({ name: 'get_customer', arguments: { id: 'g1' } });
      expect(own.structuredContent).toMatchObject({ profile: { tier: 'silver' } });
      expect((await writer.callTool({ name: 'get_customer', arguments: { id: 'g1' } })).isError).toBe(true);
    } finally {
      await globex.close();
    }
  });

  it('refuses a request without a key, and GET (stateless: no server stream)', async () => {
    await expect(httpClient(gw)).rejects.toThrow();
    const res = await gw.fetch('http://gw/mcp', { headers: { authorization: `Bearer ${KEYS.writer}`, accept: 'text/event-stream' } });
    expect(res.status).toBe(405);
    const bad = await gw.fetch('http://gw/mcp', {
      method: 'POST',
      headers: { authorization: `Bearer ${KEYS.writer}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{oops',
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
  });
});

describe('MCP tools config', () => {
  it('tools.remember: false and tools.disabled hide tools from every key', async () => {
    const gw = await startToolGateway({ tools: { remember: false, disabled: ['recent_events'] } });
    try {
      const client = await httpClient(gw, KEYS.writer);
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['get_customer_context', 'search_knowledge', 'get_customer', 'record_note']);
      const result = await client.callTool({ name: 'remember', arguments: { customerId: 'c1', text: 'x' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/Unknown tool "remember"/);
      await client.close();
    } finally {
      await gw.cleanup();
    }
  });
});
