// Plugin tools from GraphQL operations: description, input schema, and the checks at start.
import { describe, expect, it } from 'vitest';
import { PluginError } from '../../src/errors.ts';
import { KNOWN_KEYS, pluginShape } from '../../src/plugins/shape.ts';
import { createSchema } from '../../src/schema/index.ts';
import { operationTool, snakeCase } from '../../src/tools/operation.ts';
import { startTestGateway } from '../helpers/gateway.ts';

const schema = createSchema();
const tool = (document: string, name?: string) => operationTool({ document, name, source: 'p' }, schema);

describe('operation tools', () => {
  it('takes the leading comment as description and variables as a strict input', () => {
    const t = tool(`
      # Looks up one customer's tier.
      # Second line.
      query GetTier(
        # Whose.
        $id: ID!
        $asOf: DateTime
      ) { customer(id: $id) { attributes(asOf: $asOf) { name value } } }`);
    expect(t).toMatchObject({ name: 'get_tier', title: 'GetTier', description: "Looks up one customer's tier. Second line.", scope: 'read' });
    expect(t.input.safeParse({ id: 'c1' }).success).toBe(true);
    expect(t.input.safeParse({ id: 'c1', asOf: null }).data).toEqual({ id: 'c1', asOf: undefined });
    expect(t.input.safeParse({ id: 'c1', asOf: 'yesterday' }).success).toBe(false);
    expect(t.input.safeParse({ id: 'c1', other: 1 }).success).toBe(false);
    expect(t.input.safeParse({}).success).toBe(false);
  });

  it('maps mutations to the write scope and input objects to closed objects', () => {
    const t = tool(`# Sends events.\nmutation Send($events: [EventInput!]!) { ingest(events: $events) { accepted } }`, 'send_events');
    expect(t.scope).toBe('write');
    const ok = t.input.safeParse({ events: [{ id: 'e', type: 't', timestamp: '2025-01-01T00:00:00+02:00', payload: '{"a":[1]}' }] });
    expect(ok.data).toEqual({ events: [{ id: 'e', type: 't', timestamp: '2025-01-01T00:00:00+02:00', payload: { a: [1] }, customerId: undefined }] });
    expect(t.input.safeParse({ events: [{ id: 'e', type: 't', timestamp: '2025-01-01T00:00:00Z', nope: 1 }] }).success).toBe(false);
  });

  it.each([
    ['no description', 'query A { sources { name } }', /needs a description/],
    ['two operations', '# d\nquery A { sources { name } } query B { sources { name } }', /exactly one operation, found 2/],
    ['a subscription', '# d\nsubscription S { alerts { id } }', /subscription cannot be a tool/],
    ['an unknown field', '# d\nquery A { nope }', /does not match the gateway's schema: Cannot query field "nope"/],
    ['no name', '# d\n{ sources { name } }', /name the operation/],
    ['bad syntax', '# d\nquery {', /not valid GraphQL/],
  ])('refuses %s', (_, document, message) => {
    expect(() => tool(document)).toThrow(message);
  });

  it('snake-cases operation names', () => {
    expect(snakeCase('GetCustomerLoyalty')).toBe('get_customer_loyalty');
    expect(snakeCase('recentEvents2')).toBe('recent_events2');
  });

  it('`tools` is part of the plugin shape (no unknown-key warning; a wrong entry is refused at load)', () => {
    expect(KNOWN_KEYS.has('tools')).toBe(true);
    expect(pluginShape.safeParse({ name: 'p', tools: ['/abs/x.graphql', new URL('file:///x.graphql'), { document: '# d' }] }).success).toBe(true);
    expect(pluginShape.safeParse({ name: 'p', tools: [42] }).success).toBe(false);
  });

  it('a bad plugin tool stops start-up with a PluginError naming the plugin', async () => {
    const bad = { name: 'badtools', tools: ['relative/tool.graphql'] };
    await expect(startTestGateway({}, { plugins: [{ plugin: bad }] })).rejects.toThrow(PluginError);
    await expect(startTestGateway({}, { plugins: [{ plugin: bad }] })).rejects.toThrow(/plugin "badtools": tool path "relative\/tool.graphql" must be absolute/);
    const clash = { name: 'clash', tools: [{ name: 'get_customer', document: '# d\nquery X { sources { name } }' }] };
    await expect(startTestGateway({}, { plugins: [{ plugin: clash }] })).rejects.toThrow(/tool "get_customer" is already defined by "core"/);
  });
});
