// Token counting with a real BPE tokenizer: gpt-tokenizer's o200k_base (the GPT-4o family's
// encoding), shipped inside the package, so nothing is downloaded. About 10x faster than js-tiktoken
// here, which matters: a context counts ~50 lines and its final prompt on every request.
import { encode } from 'gpt-tokenizer/encoding/o200k_base';

export const TOKENIZER = 'o200k_base';

/** Lines repeat across requests (same customer, same minute), so counts of short texts are cached. */
const CACHE_MAX = 20_000;
const cache = new Map<string, number>();

export function countTokens(text: string): number {
  if (text.length > 512) return encode(text).length;
  let n = cache.get(text);
  if (n === undefined) {
    n = encode(text).length;
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(text, n);
  }
  return n;
}
