// Splits long documents into overlapping chunks for embedding. Chunks end on sentence or paragraph
// boundaries where possible, are verbatim slices of the input (offsets kept), and consecutive
// chunks share trailing sentences so a fact cut at a boundary still appears whole in one chunk.

export interface ChunkOptions {
  /** Longest chunk, in characters (about 4 per token for English). @default 1000 */
  maxChars?: number;
  /** Characters of the previous chunk repeated at the start of the next. @default 150 */
  overlapChars?: number;
}

export interface Chunk {
  index: number;
  text: string;
  /** Offsets into the input: `input.slice(start, end) === text`. */
  start: number;
  end: number;
}

interface Span {
  start: number;
  end: number;
}

export function chunkText(text: string, options: ChunkOptions = {}): Chunk[] {
  const maxChars = options.maxChars ?? 1000;
  const overlap = Math.min(options.overlapChars ?? 150, Math.floor(maxChars / 2));
  if (maxChars < 1) throw new RangeError('maxChars must be at least 1');
  const units = sentenceSpans(text).flatMap((s) => splitLong(text, s, maxChars));
  return pack(units, maxChars, overlap).map((s, index) => ({ index, text: text.slice(s.start, s.end), ...s }));
}

/** A stable chunk id for the vector store: re-chunking a document yields the same ids for the same positions. */
export const chunkId = (documentId: string, index: number): string => `${documentId}#${index}`;

/** Sentences (ending in . ! ? followed by whitespace, or a line break), trimmed of surrounding whitespace. */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let start = 0;
  for (const m of text.matchAll(/[.!?]+["')\]]*(?=\s|$)|\n/g)) {
    const end = m.index + m[0].length;
    pushTrimmed(text, start, end, spans);
    start = end;
  }
  pushTrimmed(text, start, text.length, spans);
  return spans;
}

function pushTrimmed(text: string, start: number, end: number, out: Span[]): void {
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end > start) out.push({ start, end });
}

/** A sentence longer than a chunk is cut at whitespace, and a word longer than a chunk is cut hard. */
function splitLong(text: string, s: Span, maxChars: number): Span[] {
  if (s.end - s.start <= maxChars) return [s];
  const out: Span[] = [];
  let start = s.start;
  while (s.end - start > maxChars) {
    const window = text.slice(start, start + maxChars + 1);
    const cut = window.search(/\s\S*$/);
    const end = cut > 0 ? start + cut : start + maxChars;
    pushTrimmed(text, start, end, out);
    start = end;
    while (start < s.end && /\s/.test(text[start] ?? '')) start++;
  }
  pushTrimmed(text, start, s.end, out);
  return out;
}

/** Greedy packing of whole units; the next chunk restarts at the trailing units that fit in `overlap`. */
function pack(units: Span[], maxChars: number, overlap: number): Span[] {
  const chunks: Span[] = [];
  let i = 0;
  while (i < units.length) {
    let j = i;
    while (j + 1 < units.length && (units[j + 1]?.end ?? 0) - (units[i]?.start ?? 0) <= maxChars) j++;
    const end = units[j]?.end ?? 0;
    chunks.push({ start: units[i]?.start ?? 0, end });
    if (j === units.length - 1) break;
    let next = j + 1;
    while (next - 1 > i && end - (units[next - 1]?.start ?? 0) <= overlap) next--;
    i = next;
  }
  return chunks;
}
