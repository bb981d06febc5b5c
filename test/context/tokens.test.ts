// pack counts a prompt line by line, and a line by its text and its suffix: the sums must equal
// counting the whole prompt, and each line, with the tokenizer.
import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { pack } from '../../src/context/pack.ts';
import { lineOf } from '../../src/context/render.ts';
import { countTokens } from '../../src/context/tokens.ts';
import type { Candidate, ContextKind } from '../../src/context/types.ts';
import { seededRandom } from '../../src/demo/random.ts';

const PIECES = [
  'tier', 'gold', 'Booking B1 moved to flight LH125', '"wants somewhere warmer"', 'page views (count, the last hour): 12', 'japan ×12, lisbon ×3',
  'Lisbon: 24 °C', 'Refund policy: Refunds: a rebooked ticket…', 'ünïcödé', '東京への旅行', '🙂🙂', 'naïve café', '3.14159', '2026-11-22T09:31:00.000Z',
  'https://example.com/a/b?c=d', '/path/to', '//', '\\', '[x]', '(y)', '{z: 1}', "it's", "they'll", 'CAPS WORDS', 'mixedCase', '12345678', '$9.99', '  spaced   out  ',
  '\ttabs\tand\nnewlines\r\n', '- dash', '## hash', '...', '!!!', '?', '—', '–', '•', '1/2', 'a/b/', '/', ']', '[', 'x\u00a0y', '\u200b',
];
const KINDS: ContextKind[] = ['ATTRIBUTE', 'MEMORY', 'EVENT', 'AGGREGATE', 'REALTIME', 'DOCUMENT'];

describe('token counts by parts', () => {
  it('equal the counts of the whole prompt and of each line, for 500 random prompts of odd texts', () => {
    const rnd = seededRandom(42);
    const asOf = Date.parse('2026-11-22T09:31:00.000Z');
    for (let n = 0; n < 500; n++) {
      const items: (Candidate & { score: number })[] = Array.from({ length: rnd.int(0, 12) }, (_, i) => ({
        id: `i${i}`,
        kind: rnd.pick(KINDS),
        source: rnd.pick(['crm', 'memory', 'a/b', 'src-1', 'ü']),
        text: Array.from({ length: rnd.int(0, 6) }, () => rnd.pick(PIECES)).join(rnd.pick(['', ' ', ', ', '/', '\n'])),
        observedAt: rnd.chance(0.2) ? null : asOf - rnd.int(0, 90 * 86_400_000),
        score: rnd.next(),
      }));
      const packed = pack(`cust-${n}/${rnd.pick(PIECES)}`, asOf, items, rnd.pick([30, 100, 10_000]));
      expect(packed.tokens).toBe(packed.prompt ? encode(packed.prompt).length : 0);
      for (const item of packed.items) expect(item.tokens).toBe(encode(lineOf(item, asOf)).length);
    }
  });

  it('counts long texts without the cache, and the same as encode', () => {
    const long = 'word '.repeat(2000);
    expect(countTokens(long)).toBe(encode(long).length);
    expect(countTokens('hello world')).toBe(encode('hello world').length);
  });
});
