// Durations as plugin authors write them ("90s", "1h", "7d") and back, for messages and reads.

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const RE = /^(\d+)(ms|s|m|h|d|w)$/;

/** Milliseconds of a duration such as `"15m"`; undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const m = RE.exec(text.trim());
  if (!m) return undefined;
  const ms = Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** The shortest exact spelling of a duration (`3600000` -> `"1h"`). */
export function formatDuration(ms: number): string {
  const units = Object.entries(UNIT_MS).reverse();
  for (const [unit, size] of units) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
