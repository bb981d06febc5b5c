import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { describe, expect, it, vi } from 'vitest';
import { createHashingEmbedder } from '../../src/embeddings/hashing.ts';
import { createLanceDbStore } from '../../src/vector/lancedb.ts';
import { bruteForceTop, record, seeded, vectorStoreConformance } from './conformance.ts';

const newDir = () => mkdtemp(join(tmpdir(), 'cg-lancedb-'));
const dispose = (dir: string) => rm(dir, { recursive: true, force: true });

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
    const dir = await newDir();
    const store = createLanceDbStore({ dir, indexThreshold: 2_000, autoMaintain: false });
    try {
      const embedder = createHashingEmbedder();
      await store.ensureCollection({ dimension: embedder.dimension, model: embedder.model });
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
      await store.close();
      await dispose(dir);
    }
  }, 120_000);
});

describe('lancedb: a tenant holding most of the table is filtered after the search', () => {
  it('never returns another tenant\'s rows, and falls back to the prefilter when they crowd the candidates', async () => {
    const dir = await newDir();
    const store = createLanceDbStore({ dir, autoMaintain: false });
    const postfilter = vi.spyOn(lancedb.VectorQuery.prototype, 'postfilter');
    try {
      const embedder = createHashingEmbedder();
      await store.ensureCollection({ dimension: embedder.dimension, model: embedder.model });
      const vectors = await embedder.embed(corpus(1_000));
      // 'big' holds 95% of the rows; 'small' holds 50 copies of one vector, so a query with that
      // vector finds only 'small' rows among the nearest candidates.
      await store.upsert('big', vectors.slice(0, 950).map((v, i) => record(`b${i}`, v)));
      await store.upsert('small', Array.from({ length: 50 }, (_, i) => record(`s${i}`, vectors[999]!)));
      await vi.waitFor(async () => {
        await store.query('big', { vector: vectors[0]!, k: 10 });
        expect(postfilter).toHaveBeenCalled();
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
      postfilter.mockRestore();
      await store.close();
      await dispose(dir);
    }
  }, 60_000);
});

describe('lancedb: background upkeep', () => {
  it('runs after a number of small writes, not only after many rows', async () => {
    const dir = await newDir();
    const store = createLanceDbStore({ dir, optimizeEveryWrites: 5 });
    try {
      const embedder = createHashingEmbedder();
      await store.ensureCollection({ dimension: embedder.dimension, model: embedder.model });
      const vectors = await embedder.embed(corpus(5));
      for (const [i, v] of vectors.entries()) await store.upsert('t', [record(`r${i}`, v)]);
      await vi.waitFor(async () => expect(await store.indexedColumns()).toContain('tenant'), { timeout: 30_000, interval: 50 });
    } finally {
      await store.close();
      await dispose(dir);
    }
  }, 60_000);
});
