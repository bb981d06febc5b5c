// Plugin loading: every way a plugin can be broken stops start-up with one PluginError that names
// the plugin and the problem; good plugins load from a path, a folder or a package.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseConfig } from '../../src/config/load.ts';
import { PluginError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { buildRegistry, importPluginRefs, resolvePluginPaths, type PluginEntry } from '../../src/plugins/loader.ts';
import { definePlugin, type PluginDefinition } from '../../src/plugins/types.ts';
import { createGateway } from '../../src/server/gateway.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const log = createLogger('silent');

/** The PluginError a load fails with (fails the test when it does not throw one). */
async function loadError(run: () => unknown): Promise<PluginError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(PluginError);
    return err as PluginError;
  }
  throw new Error('expected a PluginError');
}

const build = (...plugins: (PluginDefinition<any, any> | PluginEntry)[]) =>
  buildRegistry(plugins.map((p) => ('plugin' in p ? p : { plugin: p })) as PluginEntry[], log);

const ext = (name: string, typeDefs: string, resolvers?: PluginDefinition['resolvers']) => definePlugin({ name, typeDefs, resolvers });

describe('loading plugins from the config', () => {
  it('loads a path relative to the config, a folder, a named export, and validates options', async () => {
    const refs = resolvePluginPaths(['./good.ts', './folder-plugin', { path: './named-export.ts', options: {} }], fixtures);
    const registry = buildRegistry(await importPluginRefs(refs), log);
    expect(registry.plugins.map((p) => p.name)).toEqual(['core', 'good', 'folder', 'named']);
    expect(registry.byName('good')?.options).toEqual({ greeting: 'hello' });
  });

  it('loads a package by name from node_modules', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cg-pkg-'));
    try {
      const pkg = join(dir, 'node_modules', 'cg-plugin-hello');
      mkdirSync(pkg, { recursive: true });
      writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'cg-plugin-hello', type: 'module', exports: './index.js' }));
      writeFileSync(join(pkg, 'index.js'), "export default { name: 'hello', kind: 'test', eventTypes: { 'hello.said': {} } };\n");
      const registry = buildRegistry(await importPluginRefs(['cg-plugin-hello'], dir), log);
      expect(registry.get('hello.said')?.source).toBe('hello');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a path with no file', async () => {
    const err = await loadError(() => importPluginRefs(['./nope.ts'], fixtures));
    expect(err.message).toMatch(/^plugin "\.\/nope\.ts": no file or folder at .*nope\.ts$/);
  });

  it('refuses a package that is not installed', async () => {
    const err = await loadError(() => importPluginRefs(['cg-plugin-not-installed'], fixtures));
    expect(err.message).toBe('plugin "cg-plugin-not-installed": cannot find the package "cg-plugin-not-installed"; install it (npm install cg-plugin-not-installed) or give a path starting with ./');
  });

  it('refuses a module that throws while loading', async () => {
    const err = await loadError(() => importPluginRefs(['./throws.ts'], fixtures));
    expect(err.message).toMatch(/^plugin "\.\/throws\.ts": failed to load \.\/throws\.ts: cannot reach the CRM at import time/);
  });

  it('refuses a module without a plugin export, listing what it exports', async () => {
    const err = await loadError(() => importPluginRefs(['./no-export.ts'], fixtures));
    expect(err.message).toBe('plugin "./no-export.ts": no plugin export: expected `export default definePlugin({...})` (or an export named "plugin"), but it exports "helper", "notAPlugin"');
  });

  it('refuses a default export that is a function', async () => {
    const err = await loadError(() => importPluginRefs(['./factory.ts'], fixtures));
    expect(err.message).toMatch(/the default export is a function/);
  });

  it('stops createGateway before any connection, with the plugin named', async () => {
    const config = parseConfig({ logLevel: 'silent', plugins: [{ path: `${fixtures}good.ts`, options: { greeting: 42 } }] });
    const err = await loadError(() => createGateway(config, { logger: log }));
    expect(err.message).toMatch(/^plugin "good": invalid options \(from .*good\.ts\): greeting: Invalid input: expected string, received number$/);
  });
});

describe('checking plugin definitions', () => {
  it('refuses an invalid shape, with the path of each problem', async () => {
    const err = await loadError(() => build({ name: 'shape', eventTypes: { 'shape.x': { payload: { n: 'number' } as never, customer: 'maybe' as never } } }));
    expect(err.message).toBe('plugin "shape": invalid definition: eventTypes.shape.x.payload: must be a zod schema, e.g. z.object({...}); eventTypes.shape.x.customer: Invalid option: expected one of "required"|"optional"|"none"');
  });

  it('refuses a plugin without a name, naming where it came from', async () => {
    const err = await loadError(() => buildRegistry([{ plugin: { kind: 'x' }, origin: './anon.ts' }], log));
    expect(err.message).toMatch(/^plugin "\.\/anon\.ts": invalid definition \(from \.\/anon\.ts\): name: /);
  });

  it('warns about unknown keys (a typo would else pass silently)', () => {
    const lines: string[] = [];
    const warnLog = createLogger('warn', { write: (l: string) => void lines.push(l) });
    buildRegistry([{ plugin: { name: 'typo', evenTypes: {} } }], warnLog);
    expect(lines.join('')).toContain('plugin \\"typo\\": ignoring unknown keys evenTypes');
  });

  it('refuses invalid options with the plugin\'s own schema', async () => {
    const p = definePlugin({ name: 'opts', options: z.strictObject({ apiUrl: z.url() }) });
    const err = await loadError(() => build({ plugin: p, options: { apiUrl: 'not a url', extra: 1 } }));
    expect(err.message).toMatch(/^plugin "opts": invalid options: apiUrl: Invalid URL; Unrecognized key: "extra"$/);
  });

  it('refuses a missing dependency, and one listed after its dependent', async () => {
    const fraud = definePlugin({ name: 'fraud', dependsOn: ['clickstream'] });
    expect((await loadError(() => build(fraud))).message).toBe('plugin "fraud": depends on "clickstream", which is not loaded; add it to the config\'s plugins');
    const err = await loadError(() => build(fraud, definePlugin({ name: 'clickstream' })));
    expect(err.message).toBe('plugin "fraud": depends on "clickstream", which is listed after it; list "clickstream" first');
    expect(build(definePlugin({ name: 'clickstream' }), fraud).plugins).toHaveLength(3);
  });

  it('refuses a name clash', async () => {
    const err = await loadError(() => build({ plugin: definePlugin({ name: 'crm' }) }, { plugin: definePlugin({ name: 'crm' }), origin: './other-crm.ts' }));
    expect(err.message).toBe('plugin "crm": a plugin with this name is already loaded (from ./other-crm.ts)');
  });

  it('refuses an event type claimed twice, also against the core', async () => {
    const a = definePlugin({ name: 'a', eventTypes: { 'order.placed': {} } });
    const b = definePlugin({ name: 'b', eventTypes: { 'order.placed': {} } });
    expect((await loadError(() => build(a, b))).message).toBe('plugin "b": event type "order.placed" is already declared by "a"');
    const c = definePlugin({ name: 'c', eventTypes: { 'profile.updated': {} } });
    expect((await loadError(() => build(c))).message).toBe('plugin "c": event type "profile.updated" is already declared by "core"');
  });
});

describe('GraphQL conflicts, reported per plugin', () => {
  it('refuses SDL with a syntax error', async () => {
    const err = await loadError(() => build(ext('sdl', 'extend type Customer { loyalty: }')));
    expect(err.message).toMatch(/^plugin "sdl": typeDefs: Syntax Error: Expected Name, found "}"/);
  });

  it('refuses a type another plugin already defines', async () => {
    const a = ext('a', 'type Loyalty { points: Int } extend type Customer { loyaltyA: Loyalty }');
    const b = ext('b', 'type Loyalty { tier: String } extend type Customer { loyaltyB: Loyalty }');
    expect((await loadError(() => build(a, b))).message).toBe('plugin "b": GraphQL type Loyalty is already declared by plugin "a"');
  });

  it('refuses a core type redefined', async () => {
    expect((await loadError(() => build(ext('x', 'type Source { name: String }')))).message).toBe('plugin "x": GraphQL type Source is already declared by the core schema');
  });

  it('refuses a field two plugins add, or one the core has', async () => {
    const a = ext('a', 'extend type Customer { loyalty: Int }', { Customer: { loyalty: () => 1 } });
    const b = ext('b', 'extend type Customer { loyalty: Int }', { Customer: { loyalty: () => 2 } });
    expect((await loadError(() => build(a, b))).message).toBe('plugin "b": GraphQL field Customer.loyalty is already declared by plugin "a"');
    expect((await loadError(() => build(ext('c', 'extend type Customer { profile: JSON! }')))).message).toBe('plugin "c": GraphQL field Customer.profile is already declared by the core schema');
  });

  it('refuses resolvers for fields it does not declare, or that belong to others', async () => {
    const ghost = ext('ghost', 'extend type Customer { a: Int }', { Customer: { a: () => 1, b: () => 2 } });
    expect((await loadError(() => build(ghost))).message).toBe('plugin "ghost": resolvers: Customer.b is not declared in any typeDefs');
    const hijack = ext('hijack', 'extend type Customer { a: Int }', { Customer: { a: () => 1, profile: () => ({}) } });
    expect((await loadError(() => build(hijack))).message).toBe('plugin "hijack": resolvers: Customer.profile belongs to the core schema; a plugin resolves only the fields its own typeDefs declare');
  });

  it('refuses SDL the schema build rejects (an unknown type)', async () => {
    const err = await loadError(() => build(ext('unknown', 'extend type Customer { points: Points }')));
    expect(err.message).toMatch(/^plugin "unknown": GraphQL: Unknown type "Points"/);
  });

  it('accepts a plugin extending another plugin\'s type with new fields', () => {
    const a = ext('a', 'type Loyalty { points: Int } extend type Customer { loyalty: Loyalty }');
    const b = ext('b', 'extend type Loyalty { tier: String }', { Loyalty: { tier: () => 'gold' } });
    expect(build(a, b).plugins.map((p) => p.name)).toEqual(['core', 'a', 'b']);
  });
});

describe('setup failures', () => {
  it('stop start-up with the plugin named', async () => {
    const broken = definePlugin({
      name: 'flaky',
      setup: (): void => {
        throw new Error('connection refused');
      },
    });
    const config = parseConfig({ logLevel: 'silent', keyPrefix: 'cgtest-setupfail', queue: { name: 'cgtest-setupfail' } });
    const err = await loadError(() => createGateway(config, { logger: log, worker: false, plugins: [{ plugin: broken }] }));
    expect(err.message).toBe('plugin "flaky": setup failed: connection refused');
  });
});
