// The command line with plugins: a broken plugin exits 2 with one line and no stack trace;
// `ingest customers.csv --plugin crm` imports the CRM export through the plugin's importRecord.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import crm from '../../plugins-examples/crm/index.ts';
import { parseConfig } from '../../src/config/load.ts';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/redis/connection.ts';
import { createGateway } from '../../src/server/gateway.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'cg-cli-'));
const id = randomUUID().slice(0, 8);
const prefix = `cgtest-cli-${id}`;

function cli(args: string[], config: object): Promise<{ code: number; stdout: string; stderr: string }> {
  const file = join(dir, `config-${randomUUID().slice(0, 6)}.json`);
  writeFileSync(file, JSON.stringify({ logLevel: 'silent', keyPrefix: prefix, queue: { name: `cgtest-cli-q-${id}` }, ...config }));
  return new Promise((resolve) => {
    execFile('node', ['bin/context-gateway.js', '--config', file, ...args], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const redis = createRedis(parseConfig({}).redisUrl, { enableAutoPipelining: false });
  for (const pattern of [`${prefix}:*`, `bull:cgtest-cli-q-${id}:*`]) {
    const keys = await redis.keys(pattern);
    if (keys.length) await redis.unlink(...keys);
  }
  redis.disconnect();
});

describe('context-gateway CLI with plugins', () => {
  it('exits 2 with one line naming the plugin and the problem, no stack trace', async () => {
    const good = join(root, 'test/plugins/fixtures/good.ts');
    const { code, stderr } = await cli(['serve'], { plugins: [{ path: good, options: { greeting: 42 } }] });
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([`context-gateway: plugin "good": invalid options (from ${good}): greeting: Invalid input: expected string, received number`]);
  });

  it('refuses a CSV without --plugin', async () => {
    const { code, stderr } = await cli(['ingest', 'plugins-examples/crm/customers.csv'], {});
    expect(code).toBe(1);
    expect(stderr).toContain('a CSV holds records, not events; name the plugin that reads it, e.g. --plugin crm');
  });

  it('imports a CSV export through the plugin, with a progress summary', async () => {
    const { code, stderr } = await cli(['ingest', 'plugins-examples/crm/customers.csv', '--plugin', 'crm'], { plugins: ['./plugins-examples/crm/index.ts'].map((p) => join(root, p)) });
    expect(stderr).toContain('10 accepted, 0 duplicates, 0 rejected');
    expect(code).toBe(0);
    const gw = await createGateway(parseConfig({ logLevel: 'silent', keyPrefix: prefix, queue: { name: `cgtest-cli-q-${id}` } }), { logger: createLogger('silent'), worker: false, plugins: [{ plugin: crm }] });
    try {
      const res = await gw.fetch('http://gw/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ customer(id: "cust-008") { crm { name tier homeCity } } }' }) });
      expect((await res.json()).data.customer.crm).toEqual({ name: 'Hiro Tanaka', tier: 'PLATINUM', homeCity: 'Singapore' });
    } finally {
      await gw.close();
    }
  });
});
