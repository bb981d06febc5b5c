// Exact search over a tenant's knowledge documents in memory, when the knowledge base is small: a
// LanceDB query costs ~5 ms of CPU even on a tiny table, a scan of a few thousand vectors far less.
// Each snapshot is tagged with the tenant's knowledge version, a Redis counter that every knowledge
// write bumps after writing the store, so every replica reloads after any replica's write.
import type { JsonObject, VectorHit } from '../vector/types.ts';

/** One knowledge chunk as kept in memory: the store's fields, its filter keys and its vector. */
export interface KnowledgeChunk {
  id: string;
  documentId: string;
  text: string;
  source: string;
  metadata: JsonObject;
  /** metaKeys(metadata), as the store matches filters. */
  metaKeys: ReadonlySet<string>;
  createdAt: number;
  updatedAt: number;
  vector: Float32Array;
}

/** Where snapshots come from (the vector store's own table). */
export interface KnowledgeSource {
  count(tenant: string): Promise<number>;
  /** Every knowledge chunk of the tenant, or null when there are more than `max`. */
  load(tenant: string, max: number): Promise<KnowledgeChunk[] | null>;
  close(): Promise<void>;
}

export interface KnowledgeIndexOptions {
  /** A tenant with more knowledge chunks is searched in the vector store. */
  maxChunks: number;
  /** Vectors kept for all tenants together; the least recently used tenant goes first. */
  maxBytes: number;
}

export interface KnowledgeSearch {
  vector: readonly number[];
  /** Chunks wanted. */
  k: number;
  /** ms; hides chunks created at or after it, like the store's `createdBefore`. */
  createdBefore: number | null;
  /** filterKeys(filter): every one must be among the chunk's metaKeys. */
  filterKeys: readonly string[];
}

/** A tenant's knowledge at one version; `chunks` null when it is too large to keep. */
export interface Snapshot {
  version: string;
  chunks: KnowledgeChunk[] | null;
  /** Every chunk's vector, one after the other (a scan reads memory in order). */
  matrix: Float32Array;
  norms: Float64Array;
  bytes: number;
}

export class KnowledgeIndex {
  /** In least recently used order (a Map iterates in insertion order). */
  private readonly snapshots = new Map<string, Snapshot>();
  private readonly loading = new Map<string, Promise<Snapshot>>();
  private bytes = 0;

  constructor(
    private readonly source: KnowledgeSource,
    private readonly o: KnowledgeIndexOptions,
  ) {}

  /** The tenant's knowledge at `version`, loaded once however many requests ask for it. */
  async at(tenant: string, version: string): Promise<Snapshot> {
    const cur = this.snapshots.get(tenant);
    if (cur?.version === version) {
      this.snapshots.delete(tenant);
      this.snapshots.set(tenant, cur);
      return cur;
    }
    const key = `${version}:${tenant}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(tenant, version).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  /** The k best chunks by cosine similarity, best first; null when the store must answer (zero query vector). */
  search(s: Snapshot, q: KnowledgeSearch): VectorHit[] | null {
    const chunks = s.chunks ?? [];
    const query = Float32Array.from(q.vector);
    const qNorm = Math.sqrt(dot(query, query, 0));
    // The store refuses a vector of another dimension with its own error; 0/0 has no order.
    if (qNorm === 0 || (chunks[0] && chunks[0].vector.length !== query.length)) return null;
    const scores = new Float64Array(chunks.length);
    const found: number[] = [];
    for (let i = 0; i < chunks.length; i++) {
      const chunk = chunks[i]!;
      if (q.createdBefore !== null && chunk.createdAt >= q.createdBefore) continue;
      if (q.filterKeys.length && !q.filterKeys.every((key) => chunk.metaKeys.has(key))) continue;
      // The store reports 1 - cosine distance, the distance as a 32-bit float.
      scores[i] = 1 - Math.fround(1 - dot(query, s.matrix, i * query.length) / (qNorm * s.norms[i]!));
      found.push(i);
    }
    found.sort((a, b) => scores[b]! - scores[a]! || (chunks[a]!.id < chunks[b]!.id ? -1 : 1));
    return found.slice(0, q.k).map((i) => toHit(chunks[i]!, scores[i]!));
  }

  async close(): Promise<void> {
    this.snapshots.clear();
    this.bytes = 0;
    await this.source.close();
  }

  private async load(tenant: string, version: string): Promise<Snapshot> {
    const fits = (await this.source.count(tenant)) <= this.o.maxChunks;
    const loaded = fits ? await this.source.load(tenant, this.o.maxChunks) : null;
    const bytes = (loaded ?? []).reduce((sum, c) => sum + c.vector.byteLength + 2 * c.text.length + 200, 0);
    const chunks = loaded && bytes <= this.o.maxBytes ? loaded : null;
    const dimension = chunks?.[0]?.vector.length ?? 0;
    const matrix = new Float32Array((chunks?.length ?? 0) * dimension);
    chunks?.forEach((c, i) => {
      matrix.set(c.vector, i * dimension);
      c.vector = matrix.subarray(i * dimension, (i + 1) * dimension);
      deepFreeze(c.metadata);
    });
    const norms = Float64Array.from(chunks ?? [], (c) => Math.sqrt(dot(c.vector, c.vector, 0)));
    const snapshot: Snapshot = { version, chunks, matrix, norms, bytes: chunks ? bytes : 0 };
    this.install(tenant, snapshot);
    return snapshot;
  }

  private install(tenant: string, s: Snapshot): void {
    this.bytes -= this.snapshots.get(tenant)?.bytes ?? 0;
    this.snapshots.delete(tenant);
    this.snapshots.set(tenant, s);
    this.bytes += s.bytes;
    for (const [other, old] of this.snapshots) {
      if (this.bytes <= this.o.maxBytes || other === tenant) break;
      this.snapshots.delete(other);
      this.bytes -= old.bytes;
    }
  }
}

/** a · b[offset..offset + a.length), with four sums so the loop pipelines. */
function dot(a: Float32Array, b: Float32Array, offset: number): number {
  const length = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += a[i]! * b[offset + i]!;
    s1 += a[i + 1]! * b[offset + i + 1]!;
    s2 += a[i + 2]! * b[offset + i + 2]!;
    s3 += a[i + 3]! * b[offset + i + 3]!;
  }
  for (; i < length; i++) s0 += a[i]! * b[offset + i]!;
  return s0 + s1 + s2 + s3;
}

/** Hits share the snapshot's metadata objects, so nobody may change them. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const v of Object.values(value)) deepFreeze(v);
}

function toHit(c: KnowledgeChunk, score: number): VectorHit {
  return {
    id: c.id,
    documentId: c.documentId,
    text: c.text,
    score,
    source: c.source,
    metadata: c.metadata,
    customerId: null,
    createdAt: new Date(c.createdAt),
    updatedAt: new Date(c.updatedAt),
  };
}
