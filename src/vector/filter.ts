// Metadata equality filters, shared by every adapter. A record's filterable metadata is stored as a
// list of canonical "field=value" keys, so equality on any top-level field is a set-membership test
// that both LanceDB (array_has) and Weaviate (containsAll on a text[] property) can index.
import { InvalidFilterError, InvalidInputError } from './errors.ts';
import type { JsonObject, MetadataFilter, VectorQuery } from './types.ts';

type Scalar = string | number | boolean;

const isScalar = (v: unknown): v is Scalar =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Canonical key: JSON of the pair, so neither '=' in a field nor "1" vs 1 can collide. */
export const metaKey = (field: string, value: Scalar): string => JSON.stringify([field, value]);

/** Keys of every filterable (top-level scalar) metadata field; other fields are stored but not filterable. */
export function metaKeys(metadata: JsonObject): string[] {
  return Object.entries(metadata)
    .filter((e): e is [string, Scalar] => isScalar(e[1]))
    .map(([k, v]) => metaKey(k, v));
}

/** Checks a caller's filter and returns its keys; anything but `{field: scalar}` is refused, never ignored. */
export function filterKeys(filter: unknown): string[] {
  if (filter === undefined || filter === null) return [];
  if (typeof filter !== 'object' || Array.isArray(filter)) {
    throw new InvalidFilterError('filter must be an object of {field: value} equality pairs');
  }
  return Object.entries(filter as Record<string, unknown>).map(([field, value]) => {
    if (field === '' || field.startsWith('$')) {
      throw new InvalidFilterError(`filter field "${field}" is not supported: operators are not, only equality`);
    }
    if (!isScalar(value)) {
      throw new InvalidFilterError(
        `filter field "${field}" must be a string, finite number or boolean (equality only); got ${describe(value)}`,
      );
    }
    return metaKey(field, value);
  });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : typeof v;
}

/** Validates a query before any adapter touches it. */
export function checkQuery(q: VectorQuery, dimension: number): void {
  if (!Number.isInteger(q.k) || q.k < 1 || q.k > 1000) throw new InvalidInputError(`k must be an integer 1..1000, got ${q.k}`);
  checkVector(q.vector, dimension, 'query vector');
  filterKeys(q.filter satisfies MetadataFilter | undefined);
}

export function checkVector(v: number[], dimension: number, what: string): void {
  if (v.length !== dimension) {
    throw new InvalidInputError(`${what} has dimension ${v.length}, the collection expects ${dimension}`);
  }
}
