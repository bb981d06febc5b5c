// Loads the plugins a gateway runs: the config's (by path or package name) and those given in code.
// Every check happens here, before any connection opens, and a broken plugin stops start-up with
// one PluginError naming it and the problem.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PluginRef } from '../config/schema.ts';
import { PluginError } from '../errors.ts';
import { corePlugin } from '../events/builtin.ts';
import type { Logger } from '../logger.ts';
import { checkPluginGraphQL } from './graphql.ts';
import { PluginRegistry } from './registry.ts';
import { KNOWN_KEYS, formatZodIssues, pluginShape } from './shape.ts';
import type { PluginDefinition } from './types.ts';

export interface PluginEntry {
  plugin: unknown;
  options?: unknown;
  /** Where it came from (path or package), for messages. */
  origin?: string;
}

/** A relative or absolute path (vs a package name such as `@acme/cg-plugin`). */
export const isPathRef = (spec: string): boolean => /^(\.{1,2}([\\/]|$)|[\\/]|[A-Za-z]:[\\/]|file:)/.test(spec);

/** Makes the config's relative plugin paths absolute against `baseDir` (the config file's folder). */
export function resolvePluginPaths(refs: readonly PluginRef[], baseDir: string): PluginRef[] {
  const abs = (p: string): string => (isPathRef(p) && !isAbsolute(p) && !p.startsWith('file:') ? resolve(baseDir, p) : p);
  return refs.map((ref) => (typeof ref === 'string' ? abs(ref) : { ...ref, path: abs(ref.path) }));
}

function fileOf(spec: string, baseDir: string): string {
  const path = spec.startsWith('file:') ? new URL(spec).pathname : resolve(baseDir, spec);
  if (!existsSync(path)) throw new PluginError(spec, `no file or folder at ${path}`);
  if (!statSync(path).isDirectory()) return path;
  const index = ['index.ts', 'index.js', 'index.mjs'].map((f) => join(path, f)).find((f) => existsSync(f));
  if (!index) throw new PluginError(spec, `the folder ${path} has no index.ts or index.js`);
  return index;
}

/** Resolves a package from `baseDir` (the user's project), falling back to a bare import for ESM-only exports. */
function packageUrl(spec: string, baseDir: string): string {
  try {
    return pathToFileURL(createRequire(join(baseDir, 'noop.js')).resolve(spec)).href;
  } catch {
    return spec;
  }
}

async function importModule(spec: string, baseDir: string): Promise<Record<string, unknown>> {
  const path = isPathRef(spec);
  const url = path ? pathToFileURL(fileOf(spec, baseDir)).href : packageUrl(spec, baseDir);
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (!path && e.code === 'ERR_MODULE_NOT_FOUND' && e.message.includes(`'${spec}'`)) {
      throw new PluginError(spec, `cannot find the package "${spec}"; install it (npm install ${spec}) or give a path starting with ./`);
    }
    throw new PluginError(spec, `failed to load ${spec}: ${e.message}`);
  }
}

/** The plugin a module exports: `default`, else a named `plugin` export. */
function pluginExport(mod: Record<string, unknown>, spec: string): unknown {
  const plugin = mod.default ?? mod.plugin;
  if (plugin === undefined || plugin === null) {
    const names = Object.keys(mod).sort();
    const found = names.length ? `it exports ${names.map((n) => `"${n}"`).join(', ')}` : 'it exports nothing';
    throw new PluginError(spec, `no plugin export: expected \`export default definePlugin({...})\` (or an export named "plugin"), but ${found}`);
  }
  if (typeof plugin === 'function') throw new PluginError(spec, 'the default export is a function; export the plugin object made by definePlugin({...})');
  return plugin;
}

/** Imports the config's plugin references (paths relative to `baseDir`, or package names). */
export async function importPluginRefs(refs: readonly PluginRef[], baseDir: string = process.cwd()): Promise<PluginEntry[]> {
  const out: PluginEntry[] = [];
  for (const ref of refs) {
    const spec = typeof ref === 'string' ? ref : ref.path;
    const mod = await importModule(spec, baseDir);
    out.push({ plugin: pluginExport(mod, spec), options: typeof ref === 'string' ? undefined : ref.options, origin: spec });
  }
  return out;
}

function validateShape(entry: PluginEntry, log: Logger): PluginDefinition<any, any> {
  const label = (entry.plugin as { name?: unknown } | null)?.name;
  const who = typeof label === 'string' && label ? label : (entry.origin ?? 'unnamed');
  const from = entry.origin ? ` (from ${entry.origin})` : '';
  if (typeof entry.plugin !== 'object' || entry.plugin === null) throw new PluginError(who, `is not a plugin object${from}`);
  const result = pluginShape.safeParse(entry.plugin);
  if (!result.success) throw new PluginError(who, `invalid definition${from}: ${formatZodIssues(result.error)}`);
  const unknown = Object.keys(entry.plugin).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length) log.warn({ plugin: who, keys: unknown }, `plugin "${who}": ignoring unknown keys ${unknown.join(', ')}`);
  return entry.plugin as PluginDefinition<any, any>;
}

function validateOptions(def: PluginDefinition<any, any>, options: unknown, origin?: string): unknown {
  if (!def.options) return options ?? {};
  const result = def.options.safeParse(options ?? {});
  if (!result.success) throw new PluginError(def.name, `invalid options${origin ? ` (from ${origin})` : ''}: ${formatZodIssues(result.error)}`);
  return result.data;
}

function checkDependencies(registry: PluginRegistry): void {
  for (const p of registry.plugins) {
    for (const dep of p.def.dependsOn ?? []) {
      if (!registry.byName(dep)) throw new PluginError(p.name, `depends on "${dep}", which is not loaded; add it to the config's plugins`);
      const at = registry.plugins.indexOf(registry.byName(dep)!);
      if (at > registry.plugins.indexOf(p)) throw new PluginError(p.name, `depends on "${dep}", which is listed after it; list "${dep}" first`);
    }
  }
}

/** Builds the registry: core first, then every entry in order; throws the first problem found. */
export function buildRegistry(entries: readonly PluginEntry[], log: Logger): PluginRegistry {
  const registry = new PluginRegistry();
  registry.add(corePlugin, {}, log.child({ plugin: 'core' }));
  for (const entry of entries) {
    const def = validateShape(entry, log);
    const options = validateOptions(def, entry.options, entry.origin);
    const from = entry.origin ? ` (from ${entry.origin})` : '';
    try {
      registry.add(def, options, log.child({ plugin: def.name }));
    } catch (err) {
      if (err instanceof PluginError) throw new PluginError(def.name, `${err.message.replace(/^plugin "[^"]*": /, '')}${from}`);
      throw err;
    }
  }
  checkDependencies(registry);
  checkPluginGraphQL(registry.plugins);
  return registry;
}

/** The config's plugins, then those given in code, loaded and checked. */
export async function loadPlugins(refs: readonly PluginRef[], inCode: readonly PluginEntry[], log: Logger): Promise<PluginRegistry> {
  const fromConfig = await importPluginRefs(refs);
  return buildRegistry([...fromConfig, ...inCode], log);
}
