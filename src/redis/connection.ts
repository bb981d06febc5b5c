// Redis connections, and the convenience of starting a local redis-server when none answers.
import { spawnSync } from 'node:child_process';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logger.ts';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** A connection for commands. BullMQ workers need `maxRetriesPerRequest: null`; pass it in `extra`. */
export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, { enableAutoPipelining: true, ...extra });
}

/**
 * ioredis options for a URL, for libraries (BullMQ) that should own and close their connections.
 * Supports redis:// and rediss://, user, password and /db.
 */
export function redisOptionsFromUrl(url: string, extra: RedisOptions = {}): RedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db !== undefined && !Number.isNaN(db) ? { db } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    ...extra,
  };
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1000 });
  probe.on('error', () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const onPath = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/**
 * Makes sure Redis answers at `url`. Only for the default local address, and only when
 * `redis-server` is on PATH, it starts one (no persistence) and says so in the log.
 */
export async function ensureRedis(url: string, autoStart: boolean, log: Logger): Promise<void> {
  if (await answers(url)) return;
  const local = url === DEFAULT_REDIS_URL || url === 'redis://localhost:6379';
  if (!autoStart || !local || !onPath('redis-server')) {
    throw new Error(`Redis does not answer at ${url}; start one or set REDIS_URL`);
  }
  log.warn({ url }, 'nothing answers at the default Redis address: starting a local redis-server (no persistence)');
  spawnSync('redis-server', ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no']);
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`started redis-server but it does not answer at ${url}`);
}
