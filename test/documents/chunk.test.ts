import { describe, expect, it } from 'vitest';
import { chunkId, chunkText, sentenceSpans } from '../../src/documents/chunk.ts';

const sentence = (i: number): string => `Sentence number ${i} says something about refunds and rebooking.`;
const long = Array.from({ length: 60 }, (_, i) => sentence(i)).join(' ');

describe('chunkText', () => {
  it('returns one chunk for short text and none for blank text', () => {
    expect(chunkText('Hello there. Bye.')).toEqual([{ index: 0, text: 'Hello there. Bye.', start: 0, end: 17 }]);
    expect(chunkText('   \n\n ')).toEqual([]);
  });

  it('keeps every chunk within maxChars, as a verbatim slice of the input', () => {
    const chunks = chunkText(long, { maxChars: 300, overlapChars: 80 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(300);
      expect(long.slice(c.start, c.end)).toBe(c.text);
    }
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
  });

  it('ends chunks on sentence boundaries and overlaps whole sentences', () => {
    const chunks = chunkText(long, { maxChars: 300, overlapChars: 80 });
    for (const c of chunks) expect(c.text.endsWith('.')).toBe(true);
    for (let i = 1; i < chunks.length; i++) {
      const prev = chunks[i - 1]!;
      const cur = chunks[i]!;
      expect(cur.start).toBeLessThan(prev.end); // overlap
      expect(cur.start).toBeGreaterThan(prev.start); // progress
      expect(prev.text.endsWith(cur.text.slice(0, cur.text.indexOf('.') + 1))).toBe(true);
    }
  });

  it('covers the whole text: every sentence appears in some chunk', () => {
    const chunks = chunkText(long, { maxChars: 250, overlapChars: 60 });
    for (let i = 0; i < 60; i++) expect(chunks.some((c) => c.text.includes(sentence(i)))).toBe(true);
  });

  it('splits a sentence longer than a chunk at whitespace, and a giant word hard', () => {
    const words = Array.from({ length: 200 }, (_, i) => `word${i}`).join(' ');
    const chunks = chunkText(words, { maxChars: 100, overlapChars: 0 });
    for (const c of chunks) {
      expect(c.text.length).toBeLessThanOrEqual(100);
      expect(c.text).toMatch(/^word\d+( word\d+)*$/);
    }
    const giant = 'x'.repeat(250);
    expect(chunkText(giant, { maxChars: 100, overlapChars: 0 }).map((c) => c.text.length)).toEqual([100, 100, 50]);
  });

  it('treats paragraph breaks as boundaries and does not split decimals or abbreviations inside words', () => {
    expect(sentenceSpans('Fee is 3.5 percent.\n\nNew para').map((s) => s.end - s.start)).toEqual([19, 8]);
  });

  it('is deterministic and ids are stable', () => {
    expect(chunkText(long, { maxChars: 300 })).toEqual(chunkText(long, { maxChars: 300 }));
    expect(chunkId('doc-1', 2)).toBe('doc-1#2');
  });
});
