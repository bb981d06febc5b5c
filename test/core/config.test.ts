import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import { ConfigError } from '../../src/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'cg-config-'));

describe('config: validated once, every problem at once', () => {
  it('env overrides the file', async () => {
    writeFileSync(join(dir, 'context-gateway.config.json'), JSON.stringify({ port: 5000, logLevel: 'warn' }));
    const config = await loadConfig({ PORT: '6000' }, dir);
    expect(config.port).toBe(6000);
    expect(config.logLevel).toBe('warn');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('collects every problem with its path', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ port: 'abc', queue: { batchSize: 0 }, bogus: 1, retention: '7 days' }));
    const err = await loadConfig({ CONTEXT_GATEWAY_CONFIG: file, API_KEYS: '[{"key":"short"}' }, dir).catch((e) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/API_KEYS: is not valid JSON/);
    expect(problems).toMatch(/port: /);
    expect(problems).toMatch(/queue\.batchSize: /);
    expect(problems).toMatch(/Unrecognized key: "bogus"/);
    expect(problems).toMatch(/retention: "7 days" is not a duration/);
  });

  it('the CLI prints them and exits with code 2, without a stack trace', () => {
    const file = join(dir, 'bad2.json');
    writeFileSync(file, JSON.stringify({ port: -1, limits: { maxBodyBytes: 'big' } }));
    const res = spawnSync(process.execPath, ['bin/context-gateway.js', 'serve', '--config', file], { encoding: 'utf8', timeout: 60_000 });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/invalid configuration/);
    expect(res.stderr).toMatch(/port: /);
    expect(res.stderr).toMatch(/limits\.maxBodyBytes: /);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
