// The conformance suite runs against a real Weaviate only when WEAVIATE_URL is set; otherwise vitest
// reports it as skipped. Request building and result mapping are tested below without a server.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InvalidFilterError } from '../../src/vector/errors.ts';
import { createWeaviateStore } from '../../src/vector/weaviate.ts';
import {
  collectionConfig, connectionOptions, deleteFilter, objectId, parseSpec, queryFilters, searchArgs, tenantName, toHit, toObject,
} from '../../src/vector/weaviate-request.ts';
import { record, vectorStoreConformance } from './conformance.ts';

const url = process.env.WEAVIATE_URL;

vectorStoreConformance(
  'weaviate',
  {
    // A collection per test: drop-in isolation without touching anyone else's data on a shared server.
    newLocation: async () => `CgTest${randomUUID().replaceAll('-', '').slice(0, 12)}`,
    open: async (collection) => createWeaviateStore({ url: url ?? '', apiKey: process.env.WEAVIATE_API_KEY, collection }),
    dispose: async (collection) => {
      const store = createWeaviateStore({ url: url ?? '', apiKey: process.env.WEAVIATE_API_KEY, collection });
      await store.dropCollection();
    },
  },
  !url,
);

describe('weaviate request building (no server)', () => {
  it('derives HTTP and gRPC connection options from WEAVIATE_URL', () => {
    expect(connectionOptions({ url: 'http://localhost:8080' })).toMatchObject({
      httpHost: 'localhost', httpPort: 8080, httpSecure: false, grpcHost: 'localhost', grpcPort: 50051, grpcSecure: false,
    });
    const cloud = connectionOptions({ url: 'https://x.weaviate.cloud', apiKey: 'k' });
    expect(cloud).toMatchObject({ httpPort: 443, httpSecure: true, grpcPort: 443, grpcSecure: true });
    expect(cloud.authCredentials).toBeDefined();
    expect(() => connectionOptions({ url: 'not a url' })).toThrow(/WEAVIATE_URL/);
  });

  it('maps gateway tenants to valid Weaviate tenant names without collisions', () => {
    expect(tenantName('acme')).toBe('acme');
    expect(tenantName('acme corp')).toMatch(/^h--[0-9a-f]{48}$/);
    expect(tenantName('acme corp')).not.toBe(tenantName('acme-corp'));
    expect(tenantName('h--abc')).not.toBe('h--abc');
  });

  it('records the embedder in the collection description and reads it back', () => {
    const cfg = collectionConfig('ContextChunk', { model: 'm', dimension: 384 });
    expect(parseSpec(cfg.description)).toEqual({ model: 'm', dimension: 384 });
    expect(parseSpec('some other collection')).toBeUndefined();
    expect(cfg.properties.find((p) => p.name === 'metaKeys')).toMatchObject({ dataType: 'text[]', tokenization: 'field' });
  });

  it('turns a record into an object with a stable UUID, its vector and filterable keys', () => {
    const r = record('c1', [0.1, 0.2], { customerId: 'cust', metadata: { kind: 'faq', n: 1, deep: { x: 1 } } });
    const o = toObject(r);
    expect(o.id).toBe(objectId('c1'));
    expect(o.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.vectors).toEqual([0.1, 0.2]);
    expect(o.properties).toMatchObject({ chunkId: 'c1', customerId: 'cust', metaKeys: ['["kind","faq"]', '["n",1]'] });
  });

  it('builds filters for customer, knowledge-only, time and metadata', () => {
    expect(queryFilters({})).toBeUndefined();
    expect(queryFilters({ customerId: null })).toMatchObject({ operator: 'IsNull', target: { property: 'customerId' }, value: true });
    const all = queryFilters({ customerId: 'c', createdBefore: new Date(0), filter: { kind: 'faq' } });
    expect(all).toMatchObject({ operator: 'And' });
    expect(JSON.stringify(all)).toContain('ContainsAll');
    expect(() => queryFilters({ filter: { kind: ['a'] } as never })).toThrow(InvalidFilterError);
    expect(deleteFilter({ ids: ['a', 'b'] })).toMatchObject({ operator: 'ContainsAny', value: ['a', 'b'] });
    expect(deleteFilter({ documentId: 'd' })).toMatchObject({ operator: 'Equal', value: 'd' });
  });

  it('searches by vector, or hybrid BM25 + vector when keywords are given', () => {
    const v = searchArgs({ vector: [1, 0], k: 3 });
    expect(v).toMatchObject({ kind: 'nearVector', vector: [1, 0], options: { limit: 3, returnMetadata: ['distance'] } });
    const h = searchArgs({ vector: [1, 0], k: 3, text: 'refund' }, 0.6);
    expect(h).toMatchObject({ kind: 'hybrid', query: 'refund', options: { vector: [1, 0], alpha: 0.6, queryProperties: ['text'] } });
    expect(searchArgs({ vector: [1, 0], k: 3, text: '  ' }).kind).toBe('nearVector');
  });

  it('maps results to hits: similarity from distance, or the fused hybrid score', () => {
    const properties = {
      chunkId: 'c1', documentId: 'd', text: 't', customerId: null, source: 's', metadata: '{"a":1}',
      createdAt: new Date('2025-01-01T00:00:00Z'), updatedAt: '2025-01-02T00:00:00Z',
    };
    expect(toHit({ properties, metadata: { distance: 0.25 } })).toEqual({
      id: 'c1', documentId: 'd', text: 't', score: 0.75, source: 's', metadata: { a: 1 }, customerId: null,
      createdAt: new Date('2025-01-01T00:00:00Z'), updatedAt: new Date('2025-01-02T00:00:00Z'),
    });
    expect(toHit({ properties, metadata: { score: 0.9, distance: 0.5 } }).score).toBe(0.9);
  });
});
