// The floor: plain node:http doing the query's Redis reads (one pipeline) and writing the same JSON.
import { createServer, type Server } from 'node:http';
import { Redis } from 'ioredis';
import { customerBase } from '../../src/redis/keys.ts';
import { PREFIX } from './common.ts';

interface Rec {
  v: unknown;
}

function profileOf(hash: Record<string, string>) {
  const names = Object.keys(hash).sort();
  const profile: Record<string, unknown> = {};
  const attributes: { name: string; value: unknown }[] = [];
  for (const name of names) {
    const v = (JSON.parse(hash[name]!) as Rec).v;
    if (v === null) continue;
    profile[name] = v;
    attributes.push({ name, value: v });
  }
  return { profile, attributes };
}

async function answer(redis: Redis, body: string): Promise<string> {
  const { variables } = JSON.parse(body) as { variables: { id: string } };
  const base = customerBase(PREFIX, 'default', variables.id);
  const replies = (await redis
    .pipeline()
    .exists(`${base}:meta`)
    .hgetall(`${base}:attr`)
    .zrevrangebyscore(`${base}:events`, '+inf', '-inf', 'LIMIT', 0, 10)
    .exec())!;
  if (replies[0]![1] !== 1) return '{"data":{"customer":null}}';
  const { profile, attributes } = profileOf(replies[1]![1] as Record<string, string>);
  const events = (replies[2]![1] as string[]).map((m) => {
    const e = JSON.parse(m) as { type: string; timestamp: string };
    return { type: e.type, timestamp: e.timestamp };
  });
  return JSON.stringify({ data: { customer: { profile, attributes, events } } });
}

export function createFloor(redisUrl: string): Server {
  const redis = new Redis(redisUrl);
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      answer(redis, Buffer.concat(chunks).toString('utf8')).then(
        (json) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(json);
        },
        (err: Error) => {
          res.writeHead(500).end(err.message);
        },
      );
    });
  }).on('close', () => redis.disconnect());
}
