// The vectorStore and documents config sections, and their environment overrides.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';

describe('vectorStore config', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cgtest-vcfg-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('defaults to LanceDB in .data/lancedb, 1000-character chunks overlapping by 150', async () => {
    const c = await loadConfig({}, dir);
    expect(c.vectorStore).toEqual({ kind: 'lancedb', dir: '.data/lancedb' });
    expect(c.documents).toEqual({ chunkChars: 1000, overlapChars: 150, knowledgeInMemory: { maxChunks: 2000, maxMegabytes: 64 } });
  });

  it('takes VECTOR_STORE, LANCEDB_DIR and WEAVIATE_* over the file', async () => {
    writeFileSync(join(dir, 'context-gateway.config.json'), JSON.stringify({ vectorStore: { dir: '/from/file', weaviate: { url: 'http://file:8080', apiKey: 'file-key' } } }));
    expect((await loadConfig({ LANCEDB_DIR: '/from/env' }, dir)).vectorStore.dir).toBe('/from/env');
    const w = await loadConfig({ VECTOR_STORE: 'weaviate', WEAVIATE_URL: 'http://env:8080', WEAVIATE_GRPC_PORT: '50052' }, dir);
    expect(w.vectorStore).toEqual({ kind: 'weaviate', dir: '/from/file', weaviate: { url: 'http://env:8080', apiKey: 'file-key', grpcPort: 50052 } });
    rmSync(join(dir, 'context-gateway.config.json'));
  });

  it('refuses weaviate without a URL and an unknown kind, naming the key', async () => {
    await expect(loadConfig({ VECTOR_STORE: 'weaviate' }, dir)).rejects.toThrow(/vectorStore: kind "weaviate" needs weaviate.url \(or WEAVIATE_URL\)/);
    await expect(loadConfig({ VECTOR_STORE: 'pinecone' }, dir)).rejects.toThrow(/vectorStore\.kind/);
  });
});
