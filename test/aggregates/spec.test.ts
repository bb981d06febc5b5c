// Declarations: defaults and the messages a plugin author sees.
import { describe, expect, it } from 'vitest';
import { AggregationSpecError, compileAggregations, type AggregationSpec } from '../../src/aggregates/index.ts';

const DAY = 86_400_000;
const compile = (...specs: AggregationSpec[]) => compileAggregations(specs, { retentionMs: 40 * DAY });
const problems = (...specs: AggregationSpec[]): string[] => {
  try {
    compile(...specs);
  } catch (err) {
    if (err instanceof AggregationSpecError) return err.problems;
    throw err;
  }
  return [];
};

describe('aggregation declarations', () => {
  it('defaults the tile by the largest window and divides every window', () => {
    const c = compile(
      { name: 'a', eventTypes: ['x'], function: 'count', windows: ['1h', '24h'] },
      { name: 'b', eventTypes: ['x'], function: 'count', windows: ['7d'] },
      { name: 'c', eventTypes: ['x'], function: 'count', windows: ['30d', 'lifetime'] },
      { name: 'd', eventTypes: ['x'], function: 'count', windows: ['90s'] },
    );
    expect(c.list.map((a) => a.tileMs)).toEqual([60_000, 600_000, 3_600_000, 30_000]);
    expect(c.byName.get('a')?.tilesPerBucket).toBe(1440);
  });

  it('reports every problem at once, with clear messages', () => {
    const got = problems(
      { name: 'a', eventTypes: ['x'], function: 'count', windows: ['90s'], tile: '1m' },
      { name: 'b', eventTypes: ['x'], function: 'sum', windows: ['1h'] },
      { name: 'c', eventTypes: ['x'], function: 'count', windows: ['1h'], k: 3 },
      { name: 'd', eventTypes: ['x'], function: 'count', windows: ['41d'] },
      { name: 'a-b', eventTypes: ['x'], function: 'count', windows: ['soon'] },
    );
    expect(got).toEqual([
      'aggregation "a": window 90s is not a multiple of its tile 1m',
      'aggregation "b": function sum needs a field',
      'aggregation "c": k applies to topK only',
      'aggregation "d": window 41d is longer than the retention 40d',
      'a-b.name: use letters, digits and _, starting with a letter or _',
      'a-b.windows.0: expected a duration such as "1h", "24h", "7d", or "lifetime"',
    ]);
  });

  it('refuses a duplicate name and a window with too many tiles', () => {
    expect(problems(
      { name: 'a', eventTypes: ['x'], function: 'count', windows: ['1h'] },
      { name: 'a', eventTypes: ['x'], function: 'count', windows: ['1h'] },
    )).toEqual(['aggregation "a" is declared twice']);
    expect(problems({ name: 'a', eventTypes: ['x'], function: 'count', windows: ['30d'], tile: '1m' })[0]).toMatch(/spans 43200 tiles/);
  });
});
