// One behavioural suite every VectorStore adapter must pass. An adapter's *.test.ts supplies how to
// open a store at a location (a temp dir, a collection name); each test gets a fresh location and tenant.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidFilterError, ModelMismatchError } from '../../src/vector/errors.ts';
import type { VectorRecord, VectorStore } from '../../src/vector/types.ts';
import { seededRandom } from '../../src/demo/random.ts';

export interface ConformanceTarget {
  /** A fresh, empty location for one test. */
  newLocation(): Promise<string>;
  /** Opens (or reopens, after close) the store at a location; the suite calls ensureCollection. */
  open(location: string): Promise<VectorStore>;
  /** Removes what newLocation made. */
  dispose?(location: string): Promise<void>;
}

const DIM = 384;
const SPEC = { dimension: DIM, model: 'conformance-model-v1' };

/** Seeded PRNG (mulberry32): the same vectors every run, so a failure is reproducible. */
export const seeded = (seed: number): (() => number) => seededRandom(seed).next;

export function randomVector(rand: () => number, dim = DIM): number[] {
  const v = Array.from({ length: dim }, () => rand() * 2 - 1);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const dot = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

export function record(id: string, vector: number[], over: Partial<VectorRecord> = {}): VectorRecord {
  const at = new Date('2025-01-01T00:00:00Z');
  return {
    id, documentId: `doc-${id}`, chunkIndex: 0, text: `text of ${id}`, vector, customerId: null,
    source: 'test', metadata: {}, createdAt: at, updatedAt: at, ...over,
  };
}

/** `skip` reports the whole suite as skipped (e.g. no server configured); it never passes vacuously. */
export function vectorStoreConformance(name: string, target: ConformanceTarget, skip = false): void {
  describe.skipIf(skip)(`VectorStore conformance: ${name}`, () => {
    const open: { store: VectorStore; location: string }[] = [];
    afterEach(async () => {
      for (const o of open.splice(0)) {
        await o.store.close().catch(() => undefined);
        await target.dispose?.(o.location);
      }
    });

    async function fresh(): Promise<{ store: VectorStore; location: string; tenant: string; rand: () => number }> {
      const location = await target.newLocation();
      const store = await target.open(location);
      open.push({ store, location });
      await store.ensureCollection(SPEC);
      return { store, location, tenant: `t-${randomUUID().slice(0, 8)}`, rand: seeded(open.length * 7919) };
    }

    it('finds an upserted chunk, with every field round-tripped', async () => {
      const { store, tenant, rand } = await fresh();
      const v = randomVector(rand);
      const rec = record('a', v, {
        documentId: 'doc-1', chunkIndex: 3, customerId: 'c1', source: 'tickets',
        metadata: { kind: 'ticket', priority: 2, open: true, tags: ['x'], nested: { y: 1 } },
        createdAt: new Date('2025-02-01T10:00:00.123Z'), updatedAt: new Date('2025-02-02T10:00:00.456Z'),
      });
      await store.upsert(tenant, [rec, record('b', randomVector(rand))]);
      const [hit] = await store.query(tenant, { vector: v, k: 1 });
      expect(hit).toMatchObject({
        id: 'a', documentId: 'doc-1', text: 'text of a', source: 'tickets', customerId: 'c1', metadata: rec.metadata,
      });
      expect(hit?.score).toBeCloseTo(1, 3);
      expect(hit?.createdAt.toISOString()).toBe('2025-02-01T10:00:00.123Z');
      expect(hit?.updatedAt.toISOString()).toBe('2025-02-02T10:00:00.456Z');
    });

    it('replaces a chunk upserted again under the same id', async () => {
      const { store, tenant, rand } = await fresh();
      const v = randomVector(rand);
      await store.upsert(tenant, [record('a', randomVector(rand))]);
      await store.upsert(tenant, [record('a', v, { text: 'second version' })]);
      const hits = await store.query(tenant, { vector: v, k: 10 });
      expect(hits.map((h) => [h.id, h.text])).toEqual([['a', 'second version']]);
    });

    it('moves a chunk upserted again under the same id with another owner', async () => {
      const { store, tenant, rand } = await fresh();
      const v = randomVector(rand);
      const owners = async () =>
        [null, 'c1'].map(async (customerId) => (await store.query(tenant, { vector: v, k: 10, customerId })).map((h) => h.id));
      await store.upsert(tenant, [record('a', v)]);
      await store.upsert(tenant, [record('a', v, { customerId: 'c1', text: 'now c1' })]);
      expect(await Promise.all(await owners())).toEqual([[], ['a']]);
      await store.upsert(tenant, [record('a', v, { text: 'knowledge again' })]);
      expect(await Promise.all(await owners())).toEqual([['a'], []]);
      expect((await store.query(tenant, { vector: v, k: 10 })).map((h) => h.text)).toEqual(['knowledge again']);
    });

    it('filters by metadata equality and refuses unsupported filters', async () => {
      const { store, tenant, rand } = await fresh();
      const q = randomVector(rand);
      await store.upsert(tenant, [
        record('faq-en', randomVector(rand), { metadata: { kind: 'faq', lang: 'en', v: 1 } }),
        record('faq-de', randomVector(rand), { metadata: { kind: 'faq', lang: 'de', v: 2 } }),
        record('policy', randomVector(rand), { metadata: { kind: 'policy', lang: 'en', v: 1, draft: false } }),
      ]);
      const ids = async (filter: Record<string, string | number | boolean>) =>
        (await store.query(tenant, { vector: q, k: 10, filter })).map((h) => h.id).sort();
      expect(await ids({ kind: 'faq' })).toEqual(['faq-de', 'faq-en']);
      expect(await ids({ kind: 'faq', lang: 'en' })).toEqual(['faq-en']);
      expect(await ids({ v: 1 })).toEqual(['faq-en', 'policy']);
      expect(await ids({ draft: false })).toEqual(['policy']);
      expect(await ids({ v: '1' })).toEqual([]); // types are part of equality
      expect(await ids({ kind: "it's" })).toEqual([]); // quotes are data, not syntax
      for (const bad of [{ kind: { $ne: 'faq' } }, { tags: ['x'] }, { kind: null }, { $or: 1 }, ['kind']]) {
        await expect(store.query(tenant, { vector: q, k: 3, filter: bad as never })).rejects.toBeInstanceOf(InvalidFilterError);
      }
    });

    it('restricts by customer: null is tenant-wide knowledge only, a string is that customer only', async () => {
      const { store, tenant, rand } = await fresh();
      const q = randomVector(rand);
      await store.upsert(tenant, [
        record('kb', randomVector(rand)),
        record('c1-doc', randomVector(rand), { customerId: 'c1' }),
        record('c2-doc', randomVector(rand), { customerId: 'c2' }),
      ]);
      const ids = async (customerId?: string | null) =>
        (await store.query(tenant, { vector: q, k: 10, customerId })).map((h) => h.id).sort();
      expect(await ids(null)).toEqual(['kb']);
      expect(await ids('c1')).toEqual(['c1-doc']);
      expect(await ids("c'3")).toEqual([]);
      expect(await ids(undefined)).toEqual(['c1-doc', 'c2-doc', 'kb']);
    });

    it('hides chunks created at or after createdBefore', async () => {
      const { store, tenant, rand } = await fresh();
      const q = randomVector(rand);
      const at = (iso: string) => new Date(iso);
      await store.upsert(tenant, [
        record('old', randomVector(rand), { createdAt: at('2025-01-01T00:00:00Z') }),
        record('new', randomVector(rand), { createdAt: at('2025-03-01T00:00:00Z') }),
      ]);
      const ids = async (createdBefore: Date) =>
        (await store.query(tenant, { vector: q, k: 10, createdBefore })).map((h) => h.id).sort();
      expect(await ids(at('2025-02-01T00:00:00Z'))).toEqual(['old']);
      expect(await ids(at('2025-03-01T00:00:00Z'))).toEqual(['old']);
      expect(await ids(at('2025-03-01T00:00:00.001Z'))).toEqual(['new', 'old']);
    });

    it('deletes by chunk ids, by document and by customer', async () => {
      const { store, tenant, rand } = await fresh();
      const q = randomVector(rand);
      await store.upsert(tenant, [
        record('a', randomVector(rand)),
        record('b', randomVector(rand)),
        record('d1#0', randomVector(rand), { documentId: 'd1' }),
        record('d1#1', randomVector(rand), { documentId: 'd1', chunkIndex: 1 }),
        record('c1-x', randomVector(rand), { customerId: 'c1', documentId: 'dx' }),
        record('c1-y', randomVector(rand), { customerId: 'c1', documentId: 'dy' }),
        record('keep', randomVector(rand), { customerId: 'c2' }),
      ]);
      const ids = async () => (await store.query(tenant, { vector: q, k: 20 })).map((h) => h.id).sort();
      await store.delete(tenant, { ids: ['a', 'missing'] });
      expect(await ids()).toEqual(['b', 'c1-x', 'c1-y', 'd1#0', 'd1#1', 'keep']);
      await store.delete(tenant, { documentId: 'd1' });
      expect(await ids()).toEqual(['b', 'c1-x', 'c1-y', 'keep']);
      await store.delete(tenant, { customerId: 'c1' });
      expect(await ids()).toEqual(['b', 'keep']);
    });

    it('isolates tenants: same ids, separate data, deletes stay in their tenant', async () => {
      const { store, tenant: a, rand } = await fresh();
      const b = `${a}-other`;
      const v = randomVector(rand);
      await store.upsert(a, [record('same', v, { text: 'from a' })]);
      await store.upsert(b, [record('same', v, { text: 'from b' }), record('only-b', randomVector(rand))]);
      expect((await store.query(a, { vector: v, k: 10 })).map((h) => h.text)).toEqual(['from a']);
      expect((await store.query(b, { vector: v, k: 10 })).map((h) => h.id).sort()).toEqual(['only-b', 'same']);
      await store.delete(a, { ids: ['same'] });
      expect(await store.query(a, { vector: v, k: 10 })).toEqual([]);
      expect((await store.query(b, { vector: v, k: 1 }))[0]?.text).toBe('from b');
      expect(await store.query(`${a}-never-written`, { vector: v, k: 10 })).toEqual([]);
    });

    it('persists across close and reopen, and refuses another embedder model or dimension', async () => {
      const { store, location, tenant, rand } = await fresh();
      const v = randomVector(rand);
      await store.upsert(tenant, [record('durable', v)]);
      await store.close();
      const again = await target.open(location);
      open.push({ store: again, location });
      await again.ensureCollection(SPEC);
      expect((await again.query(tenant, { vector: v, k: 1 }))[0]?.id).toBe('durable');
      await again.close();
      for (const wrong of [{ ...SPEC, model: 'other-model' }, { ...SPEC, dimension: 768 }]) {
        const s = await target.open(location);
        open.push({ store: s, location });
        const err = await s.ensureCollection(wrong).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ModelMismatchError);
        expect((err as Error).message).toContain('conformance-model-v1');
        expect((err as Error).message).toContain(wrong.model);
      }
    });

    it('rejects a vector of the wrong dimension instead of storing it', async () => {
      const { store, tenant, rand } = await fresh();
      await expect(store.upsert(tenant, [record('short', randomVector(rand, 8))])).rejects.toThrow(/dimension 8.*384/);
      await expect(store.query(tenant, { vector: randomVector(rand, 8), k: 1 })).rejects.toThrow(/dimension 8/);
    });

    it('reaches recall@10 >= 0.95 against brute force on 10,000 random 384-d vectors', async () => {
      const { store, tenant, rand } = await fresh();
      const vectors = Array.from({ length: 10_000 }, () => randomVector(rand));
      for (let i = 0; i < vectors.length; i += 1000) {
        await store.upsert(tenant, vectors.slice(i, i + 1000).map((v, j) => record(`r${i + j}`, v)));
      }
      const queries = Array.from({ length: 25 }, () => randomVector(rand));
      let found = 0;
      for (const q of queries) {
        const truth = bruteForceTop(vectors, q, 10);
        const hits = await store.query(tenant, { vector: q, k: 10 });
        found += hits.filter((h) => truth.has(h.id)).length;
      }
      expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95);
    }, 120_000);
  });
}

export function bruteForceTop(vectors: number[][], q: number[], k: number): Set<string> {
  return new Set(
    vectors
      .map((v, i) => ({ id: `r${i}`, s: dot(v, q) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, k)
      .map((x) => x.id),
  );
}
