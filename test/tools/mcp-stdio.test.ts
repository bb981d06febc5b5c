// `context-gateway mcp`: MCP over stdio in a child process, with the SDK's own Client.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway } from '../helpers/gateway.ts';
import { apiKeys, KEYS, startToolGateway, textOf } from './fixtures/setup.ts';

const BIN = resolve(import.meta.dirname, '../../bin/context-gateway.js');
const PLUGIN = resolve(import.meta.dirname, 'fixtures/plugin.ts');

// Each case starts a child process that loads the whole gateway through tsx: allow for a busy machine.
describe('MCP over stdio', { timeout: 120_000 }, () => {
  let gw: TestGateway;
  let dir: string;
  let configFile: string;
  beforeAll(async () => {
    gw = await startToolGateway();
    dir = mkdtempSync(join(tmpdir(), 'cg-mcp-'));
    configFile = join(dir, 'context-gateway.config.json');
    // The child shares the test gateway's key prefix, queue and vector store, so it sees the seeded data.
    const shared = { keyPrefix: gw.prefix, queue: { name: gw.config.queue.name }, vectorStore: { dir: gw.config.vectorStore.dir } };
    const config = { ...shared, auth: { apiKeys }, logLevel: 'warn', plugins: [PLUGIN] };
    writeFileSync(configFile, JSON.stringify(config));
  });
  afterAll(async () => {
    await gw.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const env = (key?: string): Record<string, string> => {
    const { CONTEXT_GATEWAY_API_KEY: _, API_KEYS: __, ...rest } = process.env as Record<string, string>;
    return { ...rest, CONTEXT_GATEWAY_CONFIG: configFile, ...(key ? { CONTEXT_GATEWAY_API_KEY: key } : {}) };
  };

  async function connect(key: string): Promise<Client> {
    const client = new Client({ name: 'stdio-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN, 'mcp'], env: env(key), stderr: 'pipe' }));
    return client;
  }

  it('acts with the key from CONTEXT_GATEWAY_API_KEY: tools, calls, errors, tenancy', async () => {
    const client = await connect(KEYS.writer);
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toEqual(['get_customer_context', 'search_knowledge', 'get_customer', 'remember', 'recent_events', 'record_note']);

      const context = await client.callTool({ name: 'get_customer_context', arguments: { customerId: 'c1', question: 'tier?' } });
      expect(context.isError).toBeFalsy();
      expect(textOf(context)).toContain('tier: gold');
      expect((await client.callTool({ name: 'get_customer', arguments: { id: 'c1' } })).structuredContent).toMatchObject({ profile: { tier: 'gold' } });
      const remembered = await client.callTool({ name: 'remember', arguments: { customerId: 'c1', text: 'Prefers the window seat.' } });
      expect(remembered.isError).toBeFalsy();
      const knowledge = await client.callTool({ name: 'search_knowledge', arguments: { query: 'baggage' } });
      expect(knowledge.isError).toBeFalsy();
      expect(textOf(knowledge)).toContain('23 kg');
      expect((await client.callTool({ name: 'recent_events', arguments: { id: 'c1' } })).isError).toBeFalsy();

      const bad = await client.callTool({ name: 'get_customer_context', arguments: { customerId: 'c1', maxTokens: -1 } });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toMatch(/Invalid arguments for tool get_customer_context: maxTokens/);
      const unknown = await client.callTool({ name: 'get_customer', arguments: { id: 'g1' } });
      expect(unknown.isError).toBe(true);
      expect(textOf(unknown)).toMatch(/^NOT_FOUND: No customer with id "g1"/);
    } finally {
      await client.close();
    }
    // the memory landed in the shared Redis
    const { data } = await gw.gql('{ customer(id: "c1") { memory { text } } }', {}, { authorization: `Bearer ${KEYS.writer}` });
    expect(data.customer.memory).toEqual([{ text: 'Prefers the window seat.' }]);
  });

  it('a read-only key: no remember, and calling it is refused', async () => {
    const client = await connect(KEYS.reader);
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('remember');
      const result = await client.callTool({ name: 'remember', arguments: { customerId: 'c1', text: 'x' } });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toMatch(/^FORBIDDEN/);
    } finally {
      await client.close();
    }
  });

  it('refuses to start without a key when keys are configured, saying what to set', async () => {
    const child = spawn(process.execPath, [BIN, 'mcp'], { env: env(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(code).toBe(1);
    expect(stderr).toContain('set CONTEXT_GATEWAY_API_KEY');
  });
});
