// Finds the config file, applies environment overrides and validates everything at once.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { z } from 'zod';
import { ConfigError } from '../errors.ts';
import { resolvePluginPaths } from '../plugins/loader.ts';
import { configSchema, type Config, type ConfigInput } from './schema.ts';
import { vectorStoreEnv } from './vector.ts';

const CANDIDATES = ['context-gateway.config.ts', 'context-gateway.config.js', 'context-gateway.config.json'];

/** The config file to read: CONTEXT_GATEWAY_CONFIG, else the first candidate in `cwd`. */
export function findConfigFile(env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  if (env.CONTEXT_GATEWAY_CONFIG) {
    const path = resolve(cwd, env.CONTEXT_GATEWAY_CONFIG);
    if (!existsSync(path)) throw new ConfigError([`CONTEXT_GATEWAY_CONFIG: no file at ${path}`]);
    return path;
  }
  return CANDIDATES.map((c) => resolve(cwd, c)).find((p) => existsSync(p));
}

async function readConfigFile(path: string): Promise<unknown> {
  try {
    if (path.endsWith('.json')) return JSON.parse(readFileSync(path, 'utf8'));
    const mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
    return mod.default ?? mod;
  } catch (err) {
    throw new ConfigError([`${path}: cannot be read: ${(err as Error).message}`]);
  }
}

function parseJsonEnv(name: string, text: string, problems: string[]): unknown {
  try {
    return JSON.parse(text);
  } catch {
    problems.push(`${name}: is not valid JSON`);
    return undefined;
  }
}

/** Environment variables win over the file (12-factor); see README "Configuration". */
export function envOverrides(env: NodeJS.ProcessEnv, problems: string[]): Partial<ConfigInput> {
  const out: Record<string, unknown> = {};
  if (env.REDIS_URL) out.redisUrl = env.REDIS_URL;
  if (env.PORT) out.port = env.PORT;
  if (env.LOG_LEVEL) out.logLevel = env.LOG_LEVEL;
  if (env.WEB_CONCURRENCY) out.processes = env.WEB_CONCURRENCY.trim() === 'auto' ? 'auto' : env.WEB_CONCURRENCY;
  if (env.API_KEYS) out.auth = { apiKeys: parseJsonEnv('API_KEYS', env.API_KEYS, problems) };
  return out as Partial<ConfigInput>;
}

export function formatIssues(error: z.ZodError, origin: string): string[] {
  return error.issues.map((i) => `${origin}${i.path.length ? ` ${i.path.join('.')}` : ''}: ${i.message}`);
}

/** Validates a config object (file contents merged with env); throws ConfigError listing every problem. */
export function parseConfig(input: unknown, origin = 'config'): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) throw new ConfigError(formatIssues(result.error, origin));
  return Object.freeze(result.data);
}

export async function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<Config> {
  const problems: string[] = [];
  const file = findConfigFile(env, cwd);
  const fromFile = file ? await readConfigFile(file) : {};
  if (typeof fromFile !== 'object' || fromFile === null || Array.isArray(fromFile)) {
    throw new ConfigError([`${file}: must export an object`]);
  }
  const overrides = envOverrides(env, problems);
  const merged = { ...fromFile, ...overrides } as Record<string, unknown>;
  if (overrides.auth && (fromFile as Record<string, unknown>).auth) {
    merged.auth = { ...(fromFile as { auth: object }).auth, ...overrides.auth };
  }
  const vectorStore = vectorStoreEnv(env, (fromFile as Record<string, unknown>).vectorStore);
  if (vectorStore) merged.vectorStore = vectorStore;
  const result = configSchema.safeParse(merged);
  if (!result.success) problems.push(...formatIssues(result.error, file ?? 'config'));
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  // Plugin paths are relative to the config file, wherever the process was started.
  return Object.freeze({ ...result.data, plugins: resolvePluginPaths(result.data.plugins, file ? dirname(file) : cwd) });
}

/** For config files: `export default defineConfig({...})` gets types and editor completion. */
export const defineConfig = (config: ConfigInput): ConfigInput => config;
