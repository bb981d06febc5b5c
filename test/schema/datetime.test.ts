import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DateTime } from '../../src/schema/scalars.ts';

/** The answer before the fast path: parse, then format. */
const slow = (v: string): string | Error => {
  try {
    if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i.test(v) || Number.isNaN(Date.parse(v))) throw new Error('bad');
    return new Date(v).toISOString();
  } catch (e) {
    return e as Error;
  }
};
const fast = (v: string): string | Error => {
  try {
    return DateTime.serialize(v) as string;
  } catch (e) {
    return e as Error;
  }
};
const same = (v: string) => {
  const a = slow(v);
  const b = fast(v);
  if (a instanceof Error) expect(b).toBeInstanceOf(Error);
  else expect(b).toBe(a);
};

describe('DateTime.serialize of strings', () => {
  it('answers as parse-then-format did, for canonical-looking strings with any digits', () => {
    const d = (n: number) => fc.integer({ min: 0, max: 10 ** n - 1 }).map((x) => String(x).padStart(n, '0'));
    const iso = fc.tuple(d(4), d(2), d(2), d(2), d(2), d(2), d(3)).map(([y, mo, da, h, mi, s, ms]) => `${y}-${mo}-${da}T${h}:${mi}:${s}.${ms}Z`);
    fc.assert(fc.property(iso, same), { numRuns: 5000 });
  });

  it('edge cases: leap days, rolled-over days, other offsets and forms', () => {
    for (const v of ['2024-02-29T00:00:00.000Z', '2026-02-29T00:00:00.000Z', '2100-02-29T00:00:00.000Z', '2000-02-29T12:00:00.000Z',
      '2026-04-31T00:00:00.000Z', '2026-01-01T24:00:00.000Z', '2026-11-22T09:30:00Z', '2026-11-22T09:30:00.000+02:00', '2026-11-22', 'nope']) same(v);
  });
});
