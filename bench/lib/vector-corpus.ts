// The vector bench's synthetic corpus and query texts, shared with ad-hoc probes of a loaded store.
import { seededRandom } from '../../src/demo/random.ts';

export const CUSTOMERS = 1_000;
/** Query i of a run is corpus text QUERY_OFFSET + i: same generator, never a stored chunk. */
export const QUERY_OFFSET = 10_000_000;

/** A seeded PRNG (mulberry32) so every run benchmarks the same corpus. */
const rng = (seed: number): (() => number) => seededRandom(seed).next;

/**
 * Synthetic chunks: 35% of words from one of 500 topics (25 words each), the rest Zipf-distributed
 * filler from 8,000 words, 30-80 words a chunk. Gives the cluster structure real text has; uniformly
 * random vectors have none, and no ANN index reaches 0.95 recall on them (see docs/vector-stores.md).
 */
export function corpus(seed: number): (i: number) => string {
  const r = rng(seed);
  const syl = ['ka', 'lo', 'mi', 'ren', 'sa', 'tu', 'vel', 'dor', 'pin', 'qua', 'zet', 'bri', 'mon', 'has', 'ul', 'ex', 'tor', 'fay', 'gim', 'nox'];
  const word = () => Array.from({ length: 2 + Math.floor(r() * 3) }, () => syl[Math.floor(r() * syl.length)]).join('');
  const filler = Array.from({ length: 8_000 }, word);
  const topics = Array.from({ length: 500 }, () => Array.from({ length: 25 }, word));
  return (i) => {
    const t = rng(seed * 7919 + i);
    const topic = topics[Math.floor(t() * topics.length)]!;
    const words = Array.from({ length: 30 + Math.floor(t() * 50) }, () =>
      t() < 0.35 ? topic[Math.floor(t() * topic.length)] : filler[Math.floor(t() ** 2.5 * filler.length)],
    );
    return `${words.join(' ')}.`;
  };
}

/** Half the chunks are tenant-wide knowledge, the rest spread over 1,000 customers (about 50 each). */
export const customerOf = (i: number): string | null => (i % 2 === 0 ? null : `cust-${(i >> 1) % CUSTOMERS}`);
