import { describe, expect, it } from 'vitest';
import { createHashingEmbedder, hashEmbed, tokenize } from '../../src/embeddings/hashing.ts';

const cos = (a: number[], b: number[]): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);

describe('hashing embedder', () => {
  const e = createHashingEmbedder();

  it('names its model and dimension', () => {
    expect(e.model).toBe('hashing-ngram-384-v1');
    expect(e.dimension).toBe(384);
    expect(createHashingEmbedder({ dimension: 64 }).model).toBe('hashing-ngram-64-v1');
  });

  it('is deterministic, L2-normalised, one vector per text in order', async () => {
    const [a, b, a2] = await e.embed(['refund policy', 'baggage allowance', 'refund policy']);
    expect(a).toEqual(a2);
    expect(a).toHaveLength(384);
    expect(Math.sqrt(cos(a!, a!))).toBeCloseTo(1, 10);
    expect(a).not.toEqual(b);
  });

  it('scores lexical overlap higher than unrelated text (lexical, not semantic)', () => {
    const q = hashEmbed('how do I get a refund for my cancelled flight', 384);
    const near = hashEmbed('Refunds for cancelled flights are paid within 7 days', 384);
    const far = hashEmbed('Checked baggage must weigh under 23 kg', 384);
    expect(cos(q, near)).toBeGreaterThan(cos(q, far));
    // Synonyms share no n-grams: the honest limit of a lexical embedder.
    expect(Math.abs(cos(hashEmbed('refund', 384), hashEmbed('reimbursement', 384)))).toBeLessThan(0.3);
  });

  it('folds case and Unicode forms, and maps text without words to a zero vector', () => {
    expect(hashEmbed('CAFÉ', 384)).toEqual(hashEmbed('café', 384));
    expect(tokenize('Hello, wörld! 42')).toEqual(['hello', 'wörld', '42']);
    expect(hashEmbed('  ?! ', 384).every((x) => x === 0)).toBe(true);
  });
});
