// Deterministic offline embedder: hashed word unigrams, word bigrams and character trigrams
// ("feature hashing"). It is LEXICAL, not semantic: "refund" and "money back" share nothing.
// It exists so the gateway works with no model and no network, and so tests are reproducible.
import type { Embedder } from './types.ts';

/** Relative weights: whole words carry most meaning; trigrams add tolerance to typos and inflection. */
const WEIGHTS = { word: 1, bigram: 0.7, trigram: 0.35 } as const;

export interface HashingEmbedderOptions {
  /** @default 384 */
  dimension?: number;
}

export function createHashingEmbedder(options: HashingEmbedderOptions = {}): Embedder {
  const dimension = options.dimension ?? 384;
  return {
    model: `hashing-ngram-${dimension}-v1`,
    dimension,
    embed: async (texts) => texts.map((t) => hashEmbed(t, dimension)),
  };
}

/** One text to one L2-normalised vector; all zeros when the text has no letters or digits. */
export function hashEmbed(text: string, dimension: number): number[] {
  const v = new Float64Array(dimension);
  const words = tokenize(text);
  words.forEach((w, i) => {
    add(v, `w:${w}`, WEIGHTS.word);
    const next = words[i + 1];
    if (next !== undefined) add(v, `b:${w} ${next}`, WEIGHTS.bigram);
    for (const g of trigrams(w)) add(v, `c:${g}`, WEIGHTS.trigram);
  });
  return normalize(v);
}

export function tokenize(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function trigrams(word: string): string[] {
  const padded = ` ${word} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** Signed hashing: a second hash picks the sign so collisions cancel out on average instead of piling up. */
function add(v: Float64Array, feature: string, weight: number): void {
  const h = fnv1a(feature);
  const idx = h % v.length;
  v[idx] = (v[idx] ?? 0) + (mix(h) & 1 ? weight : -weight);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** murmur3 finaliser: decorrelates the sign bit from the bucket index. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function normalize(v: Float64Array): number[] {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  return Array.from(v, (x) => (norm === 0 ? 0 : x / norm));
}
