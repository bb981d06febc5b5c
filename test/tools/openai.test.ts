// GET /tools/openai.json and POST /tools/call: the same tools as OpenAI function calling, same auth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.ts';
import { KEYS, startToolGateway } from './fixtures/setup.ts';

type Schema = { type?: unknown; properties?: Record<string, Schema>; required?: string[]; additionalProperties?: unknown; items?: Schema; anyOf?: Schema[] };

/** Every object closed, every property required (OpenAI's strict mode rules). */
function expectStrict(s: Schema, path = '$'): void {
  if (s.type === 'object' || (Array.isArray(s.type) && s.type.includes('object'))) {
    expect(s.additionalProperties, path).toBe(false);
    expect(s.required, path).toEqual(Object.keys(s.properties ?? {}));
  }
  for (const [k, v] of Object.entries(s.properties ?? {})) expectStrict(v, `${path}.${k}`);
  if (s.items) expectStrict(s.items, `${path}[]`);
  for (const a of s.anyOf ?? []) expectStrict(a, path);
}

describe('OpenAI tools', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startToolGateway();
  });
  afterAll(async () => gw.cleanup());

  const auth = (key: string) => ({ authorization: `Bearer ${key}` });
  const call = async (key: string, body: unknown) =>
    gw.fetch('http://gw/tools/call', { method: 'POST', headers: { ...auth(key), 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('serves strict function definitions (snapshot: change it deliberately)', async () => {
    const res = await gw.fetch('http://gw/tools/openai.json', { headers: auth(KEYS.writer) });
    expect(res.status).toBe(200);
    const tools = await res.json();
    for (const t of tools) {
      expect(t.type).toBe('function');
      expect(t.function.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
      expect(t.function.strict).toBe(true);
      expectStrict(t.function.parameters);
    }
    expect(tools).toMatchSnapshot();
  });

  it('optional arguments are nullable; a read-only key gets no remember', async () => {
    const tools = await (await gw.fetch('http://gw/tools/openai.json', { headers: auth(KEYS.reader) })).json();
    const context = tools.find((t: any) => t.function.name === 'get_customer_context').function.parameters;
    expect(context.properties.maxTokens.type).toEqual(['integer', 'null']);
    expect(context.properties.customerId.type).toBe('string');
    expect(tools.map((t: any) => t.function.name)).not.toContain('remember');
  });

  it('POST /tools/call runs a tool, with arguments as OpenAI sends them (a JSON string, nulls for unset)', async () => {
    const res = await call(KEYS.writer, { name: 'get_customer_context', arguments: JSON.stringify({ customerId: 'c1', question: null, maxTokens: null }) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ name: 'get_customer_context', isError: false, data: { customerId: 'c1', maxTokens: 1000 } });
    expect(body.content).toContain('tier: gold');
    const plugin = await (await call(KEYS.writer, { name: 'recent_events', arguments: { id: 'c1', types: null, limit: null } })).json();
    expect(plugin.data.customer.events).toHaveLength(1);
  });

  it('tool failures are results with isError (status 200), so a loop hands them to the model', async () => {
    const cases: [string, unknown, unknown, RegExp][] = [
      [KEYS.writer, 'get_customer', { id: 'nobody' }, /^NOT_FOUND: No customer with id "nobody"/],
      [KEYS.writer, 'get_customer', '{not json', /^BAD_USER_INPUT: arguments is a string but not JSON/],
      [KEYS.writer, 'get_customer', { id: 'c1', extra: true }, /Unrecognized key: "extra"/],
      [KEYS.reader, 'remember', { customerId: 'c1', text: 'x' }, /^FORBIDDEN/],
      [KEYS.globex, 'get_customer', { id: 'c1' }, /^NOT_FOUND/],
      [KEYS.writer, 'nope', {}, /^UNKNOWN_TOOL/],
    ];
    for (const [key, name, args, message] of cases) {
      const res = await call(key, { name, arguments: args });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.isError, String(name)).toBe(true);
      expect(body.content).toMatch(message);
    }
  });

  it('needs a key like every route, and a well-formed request', async () => {
    expect((await gw.fetch('http://gw/tools/openai.json')).status).toBe(401);
    expect((await gw.fetch('http://gw/tools/call', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await call(KEYS.writer, { arguments: {} })).status).toBe(400);
    expect((await gw.fetch('http://gw/tools/call', { headers: auth(KEYS.writer) })).status).toBe(405);
  });
});
