// Durations in aggregation declarations: whole, positive ("90s", "1h", "7d"); see src/util/duration.ts.
export { formatDuration, parsePositiveDuration as parseDuration } from '../util/duration.ts';
