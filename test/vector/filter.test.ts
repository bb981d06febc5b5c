import { describe, expect, it } from 'vitest';
import { InvalidFilterError } from '../../src/vector/errors.ts';
import { filterKeys, metaKey, metaKeys } from '../../src/vector/filter.ts';
import { deletePredicates } from '../../src/vector/lancedb.ts';
import { queryWhere } from '../../src/vector/lancedb-rows.ts';

describe('metadata filter encoding', () => {
  it('indexes only top-level scalar fields, typed', () => {
    expect(metaKeys({ a: 'x', b: 1, c: true, d: null, e: [1], f: { g: 1 } })).toEqual([
      '["a","x"]', '["b",1]', '["c",true]',
    ]);
    expect(metaKey('a=b', '1')).not.toBe(metaKey('a', 'b=1'));
  });

  it('refuses every shape it does not support, naming the field', () => {
    expect(filterKeys(undefined)).toEqual([]);
    expect(() => filterKeys({ n: Number.NaN })).toThrow(/"n".*number/);
    expect(() => filterKeys({ a: { $gt: 1 } })).toThrow(InvalidFilterError);
    expect(() => filterKeys({ $and: [] })).toThrow(/operators/);
    expect(() => filterKeys('kind=faq')).toThrow(/must be an object/);
  });
});

describe('lancedb predicates', () => {
  it('ANDs tenant, owner, time and metadata, quoting values as SQL data', () => {
    expect(
      queryWhere("o'neil", { customerId: 'c1', createdBefore: new Date(1000), filter: { kind: "it's" } }),
    ).toBe(`tenant = 'o''neil' AND customer_id = 'c1' AND created_at < 1000 AND array_has_all(meta_keys, ['["kind","it''s"]'])`);
    expect(queryWhere('t', { customerId: null })).toBe(`tenant = 't' AND customer_id IS NULL`);
    expect(queryWhere('t', {})).toBe(`tenant = 't'`);
  });

  it('scopes every delete to the tenant and slices long id lists', () => {
    expect(deletePredicates('t', { documentId: 'd' })).toEqual([`tenant = 't' AND document_id = 'd'`]);
    expect(deletePredicates('t', { customerId: 'c' })).toEqual([`tenant = 't' AND customer_id = 'c'`]);
    expect(deletePredicates('t', { ids: Array.from({ length: 1001 }, (_, i) => `i${i}`) })).toHaveLength(3);
  });
});
