// The apply hook that keeps the vector store in step with document events: plugins map events to
// document changes, the newest change per document wins (event time, then id), long texts are
// chunked with overlap, and a replaced document loses the chunks its new text no longer has.
// It runs before the Redis apply on every attempt of a job, so every write is by id and idempotent.
import type { BeforeHook } from '../apply/applier.ts';
import type { Embedder } from '../embeddings/types.ts';
import type { GatewayEvent } from '../events/types.ts';
import type { Logger } from '../logger.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import type { JsonObject, VectorRecord, VectorStore } from '../vector/types.ts';
import { chunkId, chunkText, type Chunk, type ChunkOptions } from './chunk.ts';
import { storedDocumentId } from './ids.ts';
import { isDeletion, type DocumentChange } from './types.ts';
import { isLater, type DocumentVersion, type DocumentVersions } from './versions.ts';

export interface IndexerOptions {
  store: VectorStore;
  embedder: Embedder;
  versions: DocumentVersions;
  registry: PluginRegistry;
  chunking: ChunkOptions;
  log: Logger;
}

/** One document change with the event that made it; `chunks` and `vectors` only for upserts. */
interface Planned {
  event: GatewayEvent;
  customerId: string | null;
  documentId: string;
  change: DocumentChange;
  chunks: Chunk[];
  vectors: number[][];
}

export class DocumentIndexer {
  /** Per tenant: read-version, write-chunks, write-version runs one batch at a time (jobs run concurrently). */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly o: IndexerOptions) {}

  readonly hook: BeforeHook = async (tenant, events) => {
    const planned = this.latestPerDocument(events);
    if (!planned.length) return;
    await this.embed(planned);
    await this.serial(tenant, () => this.write(tenant, planned));
  };

  /** The changes plugins map the events to; of several changes to one document, only the latest counts. */
  private latestPerDocument(events: readonly GatewayEvent[]): Planned[] {
    const latest = new Map<string, Planned>();
    for (const event of events) {
      const reg = this.o.registry.get(event.type);
      const changes = reg?.def.documents?.(event, { options: reg.plugin.options, log: reg.plugin.log }) ?? [];
      for (const change of changes) {
        const p: Planned = { event, customerId: event.customerId ?? null, documentId: change.documentId, change, chunks: [], vectors: [] };
        const key = JSON.stringify([p.customerId, p.documentId]);
        const prev = latest.get(key);
        if (!prev || !isLater(versionOf(prev.event), versionOf(event))) latest.set(key, p);
      }
    }
    return [...latest.values()];
  }

  /** Chunks and embeds every upsert of the batch in one embedder call (pure, so outside the lock). */
  private async embed(planned: Planned[]): Promise<void> {
    const texts: string[] = [];
    for (const p of planned) {
      if (isDeletion(p.change)) continue;
      p.chunks = chunkText(p.change.text, this.o.chunking);
      const title = p.change.title?.trim();
      texts.push(...p.chunks.map((c) => (title ? `${title}\n${c.text}` : c.text)));
    }
    if (!texts.length) return;
    const vectors = await this.o.embedder.embed(texts);
    let i = 0;
    for (const p of planned) p.vectors = p.chunks.map(() => vectors[i++]!);
  }

  private async write(tenant: string, planned: Planned[]): Promise<void> {
    const stored = await this.o.versions.read(tenant, planned);
    const records: VectorRecord[] = [];
    const stale: string[] = [];
    const deleted: string[] = [];
    const versions: { customerId: string | null; documentId: string; version: DocumentVersion }[] = [];
    planned.forEach((p, i) => {
      const prev = stored[i] ?? null;
      const next = versionOf(p.event);
      // A newer version is already in; the very same event (a retried job) is written again.
      if (prev && isLater(prev, next)) return;
      const id = storedDocumentId(p.customerId, p.documentId);
      const created = prev && !prev.d ? prev.c : p.event.timestamp;
      if (isDeletion(p.change)) deleted.push(id);
      else records.push(...this.records(p, id, created));
      const n = isDeletion(p.change) ? 0 : p.chunks.length;
      for (let c = n; c < (prev?.n ?? 0); c++) stale.push(chunkId(id, c));
      versions.push({ customerId: p.customerId, documentId: p.documentId, version: { ...next, n, c: created, ...(isDeletion(p.change) ? { d: 1 as const } : {}) } });
    });
    await this.o.store.upsert(tenant, records);
    if (stale.length) await this.o.store.delete(tenant, { ids: stale });
    for (const id of deleted) await this.o.store.delete(tenant, { documentId: id });
    // Last: a crash before this line leaves the old version, so the retry redoes everything above.
    await this.o.versions.write(tenant, versions);
  }

  private records(p: Planned, id: string, created: number): VectorRecord[] {
    if (isDeletion(p.change)) return [];
    const metadata = toJson({ ...p.change.metadata, ...(p.change.title ? { title: p.change.title } : {}) });
    return p.chunks.map((chunk, i) => ({
      id: chunkId(id, chunk.index),
      documentId: id,
      chunkIndex: chunk.index,
      text: chunk.text,
      vector: p.vectors[i]!,
      customerId: p.customerId,
      source: p.event.source,
      metadata,
      createdAt: new Date(created),
      updatedAt: new Date(p.event.timestamp),
    }));
  }

  private serial<T>(tenant: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.locks.get(tenant) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    this.locks.set(tenant, tail);
    void tail.then(() => {
      if (this.locks.get(tenant) === tail) this.locks.delete(tenant);
    });
    return run;
  }
}

const versionOf = (e: GatewayEvent): { t: number; e: string } => ({ t: e.timestamp, e: e.id });

/** Metadata as stored: JSON values only (undefined and functions dropped, dates as ISO text). */
function toJson(value: Record<string, unknown>): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
