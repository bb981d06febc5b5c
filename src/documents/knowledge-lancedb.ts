// Reads a tenant's knowledge chunks, vectors included, from the LanceDB knowledge table for the
// in-memory knowledge search. Its own read-only connection, which looks for new table versions on every read.
import * as lancedb from '@lancedb/lancedb';
import { metaKeys } from '../vector/filter.ts';
import { knowledgeTableName } from '../vector/lancedb.ts';
import { tenantWhere } from '../vector/lancedb-rows.ts';
import type { JsonObject } from '../vector/types.ts';
import type { KnowledgeChunk, KnowledgeSource } from './knowledge.ts';

const COLUMNS = ['id', 'document_id', 'text', 'source', 'metadata', 'created_at', 'updated_at', 'vector'];

const where = tenantWhere;

export function lanceKnowledgeSource(dir: string, tableName = knowledgeTableName()): KnowledgeSource {
  let opened: Promise<{ db: lancedb.Connection; table: lancedb.Table }> | undefined;
  const open = async (): Promise<lancedb.Table> => {
    // readConsistencyInterval 0: every read sees the latest version, whoever wrote it.
    opened ??= lancedb.connect(dir, { readConsistencyInterval: 0 }).then(async (db) => ({ db, table: await db.openTable(tableName) }));
    try {
      return (await opened).table;
    } catch (err) {
      opened = undefined;
      throw err;
    }
  };
  return {
    async count(tenant) {
      return (await open()).countRows(where(tenant));
    },
    async load(tenant, max) {
      const rows = (await (await open()).query().where(where(tenant)).select(COLUMNS).limit(max + 1).toArray()) as Record<string, unknown>[];
      return rows.length > max ? null : rows.map(toChunk);
    },
    async close() {
      const o = await opened?.catch(() => undefined);
      o?.table.close();
      o?.db.close();
      opened = undefined;
    },
  };
}

function toChunk(row: Record<string, unknown>): KnowledgeChunk {
  const metadata = JSON.parse(String(row.metadata)) as JsonObject;
  const vector = row.vector as { toArray(): Float32Array };
  return {
    id: String(row.id),
    documentId: String(row.document_id),
    text: String(row.text),
    source: String(row.source),
    metadata,
    metaKeys: new Set(metaKeys(metadata)),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    vector: Float32Array.from(vector.toArray()),
  };
}
