// npm run bench:vector — the embedded LanceDB store at 100,000 chunks of 384 dimensions, embedded
// with the offline hashing embedder from a seeded synthetic corpus. Prints upsert throughput,
// index build time, query p50/p99 (knowledge: no customer filter; one customer; any owner) and recall@10 against
// brute force. Targets (issue 5): recall@10 >= 0.95, query p99 <= 20 ms.
// Then ingest-to-searchable through the whole queue path (target p99 <= 1 s).
// Env: BENCH_CHUNKS (default 100000), BENCH_QUERIES (default 300), BENCH_DIR (default a temp dir),
// BENCH_INGEST_DOCS (default 200), BENCH_ONLY=ingest (only ingest-to-searchable, on an empty store),
// BENCH_ONLY=query (skip the fresh-rows check and ingest-to-searchable).
// BENCH_REUSE=1 with BENCH_DIR: reuse a store an earlier run with the same BENCH_CHUNKS loaded and
// indexed there (the corpus is re-embedded for the brute-force truth; upsert and build are not timed).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../src/config/load.ts';
import { createHashingEmbedder } from '../src/embeddings/hashing.ts';
import { createLogger } from '../src/logger.ts';
import { createRedis } from '../src/redis/connection.ts';
import { unlinkMatching } from '../src/redis/scan.ts';
import { createGateway } from '../src/server/gateway.ts';
import { createLanceDbStore, type LanceDbStore } from '../src/vector/lancedb.ts';
import type { VectorQuery, VectorRecord } from '../src/vector/types.ts';
import { stealMeter } from './lib/steal.ts';
import { CUSTOMERS, QUERY_OFFSET, corpus, customerOf } from './lib/vector-corpus.ts';

const N = Number(process.env.BENCH_CHUNKS ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);
const RECALL_SAMPLE = 100;
const INGEST_DOCS = Number(process.env.BENCH_INGEST_DOCS ?? 200);
const BATCH = 2_000;
const TENANT = 'bench';
const embedder = createHashingEmbedder();
const D = embedder.dimension;

const log = (msg: string) => process.stdout.write(`${msg}\n`);
/** Progress: rewritten in place on a terminal, every quarter in a log. */
function progress(done: number, total: number, what: string): void {
  if (process.stdout.isTTY) process.stdout.write(`\r  ${what}: ${done}/${total}   ${done === total ? '\n' : ''}`);
  else if (done === total || done % Math.ceil(total / 4) === 0) log(`  ${what}: ${done}/${total}`);
}

interface Loaded {
  store: LanceDbStore;
  vectors: Float32Array;
  customers: (string | null)[];
  upsertPerSec: number;
  embedPerSec: number;
  /** True when the store was loaded by an earlier run (BENCH_REUSE); no upsert figure then. */
  reused: boolean;
}

async function load(dir: string, text: (i: number) => string): Promise<Loaded> {
  const store = createLanceDbStore({ dir, autoMaintain: false });
  await store.ensureCollection({ dimension: D, model: embedder.model });
  const vectors = new Float32Array(N * D);
  const customers: (string | null)[] = [];
  let embedMs = 0;
  let upsertMs = 0;
  const at = new Date('2025-01-01T00:00:00Z');
  for (let start = 0; start < N; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, N - start) }, (_, j) => start + j);
    let t = performance.now();
    const vecs = await embedder.embed(ids.map(text));
    embedMs += performance.now() - t;
    const records: VectorRecord[] = ids.map((i, j) => {
      vectors.set(vecs[j]!, i * D);
      customers[i] = customerOf(i);
      return {
        id: `chunk-${i}`, documentId: `doc-${i >> 2}`, chunkIndex: i & 3, text: text(i), vector: vecs[j]!,
        customerId: customers[i]!, source: 'bench', metadata: { kind: i % 3 === 0 ? 'faq' : 'note' },
        createdAt: at, updatedAt: at,
      };
    });
    t = performance.now();
    await store.upsert(TENANT, records);
    upsertMs += performance.now() - t;
    progress(start + ids.length, N, 'upserted');
  }
  return { store, vectors, customers, upsertPerSec: N / (upsertMs / 1000), embedPerSec: N / (embedMs / 1000), reused: false };
}

/** BENCH_REUSE: open the store an earlier run left in BENCH_DIR; only the corpus is re-embedded. */
async function reuse(dir: string, text: (i: number) => string): Promise<Loaded> {
  const store = createLanceDbStore({ dir, autoMaintain: false });
  await store.ensureCollection({ dimension: D, model: embedder.model });
  // The last run's ingest may have ended before background upkeep folded its one-row fragments in
  // (each costs every query a scan): bring the table to the state upkeep keeps it in.
  const upkeep = performance.now();
  await store.maintain();
  log(`  upkeep of the reused store: ${((performance.now() - upkeep) / 1000).toFixed(1)} s, vector index in ${await store.vectorIndexDeltas()} delta(s)`);
  const vectors = new Float32Array(N * D);
  const customers: (string | null)[] = [];
  const t = performance.now();
  for (let start = 0; start < N; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, N - start) }, (_, j) => start + j);
    const vecs = await embedder.embed(ids.map(text));
    ids.forEach((i, j) => {
      vectors.set(vecs[j]!, i * D);
      customers[i] = customerOf(i);
    });
    progress(start + ids.length, N, 're-embedded');
  }
  const embedPerSec = N / ((performance.now() - t) / 1000);
  const [probe] = await store.query(TENANT, { vector: Array.from(vectors.subarray((N - 1) * D, N * D)), k: 1 });
  if (probe?.id !== `chunk-${N - 1}`) throw new Error(`BENCH_REUSE: ${dir} does not hold this corpus at BENCH_CHUNKS=${N}`);
  return { store, vectors, customers, upsertPerSec: NaN, embedPerSec, reused: true };
}

function bruteForce(l: Loaded, q: number[], k: number, keep: (i: number) => boolean): Set<string> {
  const top: { i: number; s: number }[] = [];
  for (let i = 0; i < N; i++) {
    if (!keep(i)) continue;
    let s = 0;
    const off = i * D;
    for (let d = 0; d < D; d++) s += l.vectors[off + d]! * q[d]!;
    if (top.length < k || s > top[top.length - 1]!.s) {
      top.push({ i, s });
      top.sort((a, b) => b.s - a.s);
      if (top.length > k) top.pop();
    }
  }
  return new Set(top.map((x) => `chunk-${x.i}`));
}

interface Mode {
  name: string;
  query: (v: number[], qi: number) => VectorQuery;
  keep: (l: Loaded, qi: number) => (i: number) => boolean;
}

const MODES: Mode[] = [
  {
    // Query.knowledge: the tenant's documents, no customer filter (its own table since 2026-11-30).
    name: 'knowledge, no customer filter',
    query: (vector) => ({ vector, k: 10, customerId: null }),
    keep: (l) => (i) => l.customers[i] === null,
  },
  {
    // Customer.documents: one customer's documents.
    name: 'one customer',
    query: (vector, qi) => ({ vector, k: 10, customerId: `cust-${qi % CUSTOMERS}` }),
    keep: (l, qi) => (i) => l.customers[i] === `cust-${qi % CUSTOMERS}`,
  },
  // Every owner at once (the VectorStore contract allows it; no GraphQL field asks it): both tables, merged.
  { name: 'any owner (both tables)', query: (vector) => ({ vector, k: 10 }), keep: () => () => true },
];

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

interface Measured {
  p50: number;
  p99: number;
  recall: number;
  /** Process CPU (all of LanceDB's threads included) per query, ms: less disturbed by a shared host than latency. */
  cpuMs: number;
  steal: string;
}

async function measure(l: Loaded, mode: Mode, queries: number[][]): Promise<Measured> {
  for (const q of queries.slice(0, 20)) await l.store.query(TENANT, mode.query(q, 0)); // warm caches
  const lat: number[] = [];
  const answers: Set<string>[] = [];
  const steal = stealMeter();
  const cpu = process.cpuUsage();
  for (const [qi, q] of queries.entries()) {
    const t = performance.now();
    const hits = await l.store.query(TENANT, mode.query(q, qi));
    lat.push(performance.now() - t);
    if (qi < RECALL_SAMPLE) answers.push(new Set(hits.map((h) => h.id)));
    progress(qi + 1, queries.length, mode.name);
  }
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000 / queries.length;
  const stolen = steal();
  // Brute force after the timed loop, so its CPU and garbage never land between two timed queries.
  let found = 0;
  for (const [qi, got] of answers.entries()) {
    const truth = bruteForce(l, queries[qi]!, 10, mode.keep(l, qi));
    found += [...got].filter((id) => truth.has(id)).length / Math.max(1, truth.size);
  }
  lat.sort((a, b) => a - b);
  return { p50: pct(lat, 0.5), p99: pct(lat, 0.99), recall: found / answers.length, cpuMs, steal: stolen };
}

/** Rows written after the index was built must be found at once (flat scan over unindexed rows). */
async function freshRowsFound(l: Loaded, text: (i: number) => string): Promise<string> {
  const at = new Date();
  let found = 0;
  const n = 50;
  for (let j = 0; j < n; j++) {
    const i = N + j;
    const [v] = await embedder.embed([text(i)]);
    await l.store.upsert(TENANT, [{
      id: `fresh-${j}`, documentId: `fresh-${j}`, chunkIndex: 0, text: text(i), vector: v!, customerId: null,
      source: 'bench', metadata: {}, createdAt: at, updatedAt: at,
    }]);
    const [hit] = await l.store.query(TENANT, { vector: v!, k: 1 });
    if (hit?.id === `fresh-${j}`) found++;
  }
  // Leave BENCH_DIR holding the corpus only, so BENCH_REUSE measures the same table next time.
  await l.store.delete(TENANT, { ids: Array.from({ length: n }, (_, j) => `fresh-${j}`) });
  return `${found}/${n}`;
}

/**
 * Ingest-to-searchable through the whole path: POST /v1/events (one `document.upserted` each, no
 * wait) -> BullMQ -> in-process worker -> chunk -> embed -> store.upsert, then Query.knowledge
 * through GraphQL is polled until the document is its top hit. Sequential, so each figure is one
 * document's own latency, not a queue backlog. Target p99 <= 1 s.
 */
async function measureIngestToSearchable(dir: string, text: (i: number) => string): Promise<string> {
  const id = randomUUID().slice(0, 8);
  const config = parseConfig({ logLevel: 'silent', keyPrefix: `cgbench-${id}`, queue: { name: `cgbench-q-${id}` }, vectorStore: { dir } });
  const gw = await createGateway(config, { logger: createLogger('silent'), worker: true, embedder });
  const post = (body: unknown, path: string) =>
    gw.fetch(`http://bench${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
  const found = async (documentId: string, query: string) => {
    const res = await post({ query: 'query($q: String!) { knowledge(query: $q, k: 1) { id } }', variables: { q: query } }, '/graphql');
    if (res.errors) throw new Error(res.errors[0].message);
    return res.data.knowledge[0]?.id === documentId;
  };
  const lat: number[] = [];
  try {
    for (let j = 0; j < INGEST_DOCS + 5; j++) {
      const documentId = `probe-${id}-${j}`;
      // The run's id makes the text unique: a reused store holds earlier runs' probes (same texts).
      const body = `${text(30_000_000 + j)} run${id}`;
      const t = performance.now();
      const r = await post([{ id: `ev-${documentId}`, type: 'document.upserted', timestamp: new Date().toISOString(), payload: { documentId, text: body } }], '/v1/events');
      if (r.accepted !== 1) throw new Error(`not accepted: ${JSON.stringify(r)}`);
      while (!(await found(documentId, body))) {
        if (performance.now() - t > 30_000) throw new Error(`${documentId} not searchable after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      if (j >= 5) lat.push(performance.now() - t); // the first few warm up the worker and the JIT
      progress(j + 1, INGEST_DOCS + 5, 'ingest-to-searchable');
    }
  } finally {
    await gw.close();
    await dropKeys(config.redisUrl, [`${config.keyPrefix}:*`, `bull:${config.queue.name}:*`]);
  }
  lat.sort((a, b) => a - b);
  return `p50 ${pct(lat, 0.5).toFixed(0)} ms, p99 ${pct(lat, 0.99).toFixed(0)} ms, max ${lat[lat.length - 1]!.toFixed(0)} ms (${lat.length} documents, one at a time; target p99 <= 1000 ms)`;
}

async function dropKeys(redisUrl: string, patterns: string[]): Promise<void> {
  const redis = createRedis(redisUrl, { enableAutoPipelining: false });
  for (const pattern of patterns) await unlinkMatching(redis, pattern);
  redis.disconnect();
}

/** BENCH_ONLY=ingest: only ingest-to-searchable, on an empty store (seconds instead of minutes). */
async function ingestOnly(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'cg-bench-ingest-'));
  log(`bench:vector (BENCH_ONLY=ingest) — ingest-to-searchable on an empty LanceDB store (${embedder.model})`);
  try {
    log(`ingest-to-searchable   ${await measureIngestToSearchable(dir, corpus(42))}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DIR ?? (await mkdtemp(join(tmpdir(), 'cg-bench-vector-')));
  const reusing = process.env.BENCH_REUSE === '1';
  if (reusing && !process.env.BENCH_DIR) throw new Error('BENCH_REUSE=1 needs BENCH_DIR (a directory an earlier run loaded)');
  const queryOnly = process.env.BENCH_ONLY === 'query';
  const text = corpus(42);
  log(`bench:vector — ${N.toLocaleString()} chunks x ${D} dims (${embedder.model}), LanceDB in ${dir}${reusing ? ' (reused)' : ''}`);
  const l = reusing ? await reuse(dir, text) : await load(dir, text);
  let maintainS = NaN;
  if (!reusing) {
    const t = performance.now();
    await l.store.maintain();
    maintainS = (performance.now() - t) / 1000;
  }
  log(`  index build + optimize: ${reusing ? 'reused' : `${maintainS.toFixed(1)} s`}; indexes on ${(await l.store.indexedColumns()).join(', ')}`);
  const queries = await embedder.embed(Array.from({ length: QUERIES }, (_, i) => text(QUERY_OFFSET + i)));
  const rows: string[][] = [];
  for (const mode of MODES) {
    const r = await measure(l, mode, queries);
    rows.push([mode.name, r.p50.toFixed(1), r.p99.toFixed(1), r.recall.toFixed(3), r.cpuMs.toFixed(1), r.steal.replace('steal ', '')]);
  }
  const fresh = queryOnly ? 'skipped (BENCH_ONLY=query)' : await freshRowsFound(l, text);
  await l.store.close();
  // On the same table, next to the 100,000 chunks (under its own tenant), as in production.
  const ingest = queryOnly ? 'skipped (BENCH_ONLY=query)' : await measureIngestToSearchable(dir, text);
  if (!process.env.BENCH_DIR) await rm(dir, { recursive: true, force: true });

  log('');
  if (reusing) log(`upsert throughput      not measured (BENCH_REUSE; ${Math.round(l.embedPerSec).toLocaleString()} texts/s embedding)`);
  else log(`upsert throughput      ${Math.round(l.upsertPerSec).toLocaleString()} chunks/s (batches of ${BATCH}; embedding excluded, ${Math.round(l.embedPerSec).toLocaleString()} texts/s separately)`);
  log(`index build + optimize ${reusing ? 'not measured (BENCH_REUSE)' : `${maintainS.toFixed(1)} s (once, in the background in normal operation)`}`);
  log(`fresh rows found at once after upsert: ${fresh}`);
  log(`ingest-to-searchable   ${ingest}`);
  log('');
  printTable(['query (k=10)', 'p50 ms', 'p99 ms', `recall@10 (${Math.min(RECALL_SAMPLE, QUERIES)} q)`, 'CPU ms/q', 'steal'], rows);
  log(`\n${QUERIES} queries per row, sequential, after 20 warm-up queries. Targets: p99 <= 20 ms, recall@10 >= 0.95.`);
  log("CPU ms/q: the process's CPU time per query, LanceDB's threads included. steal: CPU time the hypervisor gave other guests meanwhile.");
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join('  ');
  log(line(head));
  log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) log(line(r));
}

if (process.env.BENCH_ONLY === 'ingest') await ingestOnly();
else await main();
