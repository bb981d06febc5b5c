import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it, vi } from 'vitest';
import { createHashingEmbedder } from '../../src/embeddings/hashing.ts';
import { createLanceDbStore, knowledgeTableName, type LanceDbStoreOptions } from '../../src/vector/lancedb.ts';
import { chunkSchema, toRow } from '../../src/vector/lancedb-rows.ts';
import type { VectorRecord } from '../../src/vector/types.ts';
import { bruteForceTop, record, seeded, vectorStoreConformance } from './conformance.ts';

const newDir = () => mkdtemp(join(tmpdir(), 'cg-lancedb-'));
const dispose = (dir: string) => rm(dir, { recursive: true, force: true });
const embedder = createHashingEmbedder();
const spec = { dimension: embedder.dimension, model: embedder.model };

/** A store on a fresh directory with its collection ready; `remove` closes it and deletes the directory. */
async function freshStore(options: LanceDbStoreOptions = {}) {
  const dir = await newDir();
  const store = createLanceDbStore({ dir, ...options });
  await store.ensureCollection(spec);
  return { dir, store, remove: async () => (await store.close(), await dispose(dir)) };
}

vectorStoreConformance('lancedb', {
  newLocation: newDir,
  open: async (dir) => createLanceDbStore({ dir }),
  dispose,
});

/** Seeded synthetic sentences: topic words plus filler, so hashing vectors have real-text-like clusters. */
function corpus(n: number): string[] {
  const rand = seeded(99);
  const word = () => Math.floor(rand() * 4000).toString(36) + 'x';
  const topics = Array.from({ length: 40 }, () => Array.from({ length: 15 }, word));
  return Array.from({ length: n }, () => {
    const t = topics[Math.floor(rand() * topics.length)]!;
    return Array.from({ length: 30 }, () => (rand() < 0.4 ? t[Math.floor(rand() * t.length)] : word())).join(' ');
  });
}

describe('lancedb: ANN index path', () => {
  it('builds the vector index past the threshold, keeps recall, and serves new rows before they are indexed', async () => {
    const { store, remove } = await freshStore({ indexThreshold: 2_000, autoMaintain: false });
    try {
      const texts = corpus(3_000);
      const vectors = await embedder.embed(texts);
      await store.upsert('t', vectors.map((v, i) => record(`r${i}`, v)));
      await store.maintain();
      expect(await store.indexedColumns()).toContain('vector');

      let found = 0;
      const queries = Array.from({ length: 20 }, (_, i) => vectors[i * 97]!);
      for (const q of queries) {
        const truth = bruteForceTop(vectors, q, 10);
        found += (await store.query('t', { vector: q, k: 10 })).filter((h) => truth.has(h.id)).length;
      }
      expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);

      const [fresh] = await embedder.embed(['a brand new sentence about lounge access']);
      await store.upsert('t', [record('fresh', fresh!, { customerId: 'c9' })]);
      expect((await store.query('t', { vector: fresh!, k: 1 }))[0]?.id).toBe('fresh');
      expect((await store.query('t', { vector: fresh!, k: 1, customerId: 'c9' }))[0]?.id).toBe('fresh');
    } finally {
      await remove();
    }
  }, 120_000);
});

describe('lancedb: a tenant holding most of the table is filtered after the search', () => {
  it('never returns another tenant\'s rows, and falls back to the prefilter when they crowd the candidates', async () => {
    const { store, remove } = await freshStore({ autoMaintain: false });
    // The unfiltered search asks for the tenant column with the hits, to check it in the adapter.
    const select = vi.spyOn(lancedb.VectorQuery.prototype, 'select');
    const checkedAfter = () => select.mock.calls.some(([columns]) => Array.isArray(columns) && columns.includes('tenant'));
    try {
      const vectors = await embedder.embed(corpus(1_000));
      // 'big' holds 95% of the rows; 'small' holds 50 copies of one vector, so a query with that
      // vector finds only 'small' rows among the nearest candidates.
      await store.upsert('big', vectors.slice(0, 950).map((v, i) => record(`b${i}`, v)));
      await store.upsert('small', Array.from({ length: 50 }, (_, i) => record(`s${i}`, vectors[999]!)));
      await vi.waitFor(async () => {
        await store.query('big', { vector: vectors[0]!, k: 10 });
        expect(checkedAfter()).toBe(true);
      }, { timeout: 30_000, interval: 50 });

      const own = await store.query('big', { vector: vectors[3]!, k: 10 });
      expect(own).toHaveLength(10);
      expect(own[0]?.id).toBe('b3');
      const crowded = await store.query('big', { vector: vectors[999]!, k: 10 });
      expect(crowded).toHaveLength(10);
      expect(crowded.every((h) => h.id.startsWith('b'))).toBe(true);
      const small = await store.query('small', { vector: vectors[0]!, k: 10 });
      expect(small.every((h) => h.id.startsWith('s'))).toBe(true);
      const knowledge = await store.query('big', { vector: vectors[999]!, k: 10, customerId: null });
      expect(knowledge.every((h) => h.id.startsWith('b'))).toBe(true);
    } finally {
      select.mockRestore();
      await remove();
    }
  }, 60_000);
});

describe('lancedb: another process\'s writes', () => {
  it('are seen by a store opened on the same directory (a `worker` process, another copy of `serve`)', async () => {
    // Two stores, two connections: what two processes have.
    const { dir, store: writer, remove } = await freshStore({ autoMaintain: false });
    const reader = createLanceDbStore({ dir, autoMaintain: false, readConsistencySeconds: 0.1 });
    try {
      await reader.ensureCollection(spec);
      const [a, b] = await embedder.embed(['rebooked to Lisbon on Friday', 'asked about lounge access']);
      await writer.upsert('t', [record('a', a!)]);
      await vi.waitFor(async () => expect((await reader.query('t', { vector: a!, k: 1 }))[0]?.id).toBe('a'), { timeout: 5_000, interval: 50 });
      await writer.upsert('t', [record('b', b!)]);
      await writer.delete('t', { ids: ['a'] });
      await vi.waitFor(async () => expect((await reader.query('t', { vector: a!, k: 5 })).map((h) => h.id)).toEqual(['b']), { timeout: 5_000, interval: 50 });
    } finally {
      await reader.close();
      await remove();
    }
  }, 60_000);
});

describe('lancedb: background upkeep', () => {
  it('rebuilds the vector index as one when optimize runs have left it too many deltas', async () => {
    const { store, remove } = await freshStore({ indexThreshold: 500, maxIndexDeltas: 2, rebuildIntervalMs: 0, autoMaintain: false });
    try {
      const vectors = await embedder.embed(corpus(560));
      await store.upsert('t', vectors.slice(0, 500).map((v, i) => record(`r${i}`, v)));
      await store.maintain();
      expect(await store.vectorIndexDeltas()).toBe(1);
      // Each later upkeep folds the new rows in as one more delta, until there are more than 2.
      const seen: number[] = [];
      for (let round = 0; round < 4; round++) {
        const base = 500 + round * 15;
        await store.upsert('t', vectors.slice(base, base + 15).map((v, i) => record(`r${base + i}`, v)));
        await store.maintain();
        seen.push(await store.vectorIndexDeltas());
      }
      expect(Math.max(...seen)).toBeLessThanOrEqual(2);
      expect(seen).toContain(1); // a rebuild happened after the first deltas piled up
      // Every row, old or new, is still found.
      for (const i of [0, 499, 505, 559]) expect((await store.query('t', { vector: vectors[i]!, k: 1 }))[0]?.id).toBe(`r${i}`);
    } finally {
      await remove();
    }
  }, 120_000);

  it('runs after a number of small writes, not only after many rows', async () => {
    const { store, remove } = await freshStore({ optimizeEveryWrites: 5 });
    try {
      const vectors = await embedder.embed(corpus(5));
      for (const [i, v] of vectors.entries()) await store.upsert('t', [record(`r${i}`, v)]);
      await vi.waitFor(async () => expect(await store.indexedColumns()).toContain('tenant'), { timeout: 30_000, interval: 50 });
    } finally {
      await remove();
    }
  }, 60_000);
});

describe('lancedb: knowledge in a table of its own', () => {
  /** A store of the earlier layout: knowledge and customers' documents in one table. */
  async function oldLayout(dir: string, records: VectorRecord[]): Promise<void> {
    const db = await lancedb.connect(dir);
    const table = await db.createEmptyTable('chunks', chunkSchema(spec.dimension, spec.model));
    await table.add(records.map((r) => toRow('t', r)));
    table.close();
    db.close();
  }

  it('moves the knowledge of an earlier store on open, once, keeping every chunk findable', async () => {
    const dir = await newDir();
    const vectors = await embedder.embed(corpus(30));
    const records = vectors.map((v, i) => record(`r${i}`, v, { customerId: i % 3 === 0 ? `c${i}` : null }));
    await oldLayout(dir, records);
    // Two processes opening the store at once (copies of `serve --processes`): one moves, the other waits.
    const stores = [createLanceDbStore({ dir, autoMaintain: false }), createLanceDbStore({ dir, autoMaintain: false })];
    try {
      await Promise.all(stores.map((s) => s.ensureCollection(spec)));
      const db = await lancedb.connect(dir);
      const [chunks, knowledge] = [await db.openTable('chunks'), await db.openTable(knowledgeTableName())];
      expect(await chunks.countRows()).toBe(10);
      expect(await chunks.countRows('customer_id IS NULL')).toBe(0);
      expect(await knowledge.countRows()).toBe(20);
      db.close();
      for (const [i, v] of vectors.entries()) {
        const owner = records[i]!.customerId;
        for (const s of stores) expect((await s.query('t', { vector: v, k: 1, customerId: owner }))[0]?.id).toBe(`r${i}`);
      }
      expect(await stores[0]!.query('t', { vector: vectors[0]!, k: 50 })).toHaveLength(30);
      expect(existsSync(join(dir, '.context-gateway-migrate.lock'))).toBe(false);
    } finally {
      for (const s of stores) await s.close();
      await dispose(dir);
    }
  }, 60_000);
});
