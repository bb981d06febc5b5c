// Tile arithmetic and key names. Tile i holds events with i*T < ts <= (i+1)*T (left-open, like the
// window `t - W < ts <= t`), so a window ending on a tile boundary is exactly a run of whole tiles.
import { K } from '../redis/keys.ts';

export const tileOf = (ts: number, tileMs: number): number => Math.ceil(ts / tileMs) - 1;
export const tileStart = (tile: number, tileMs: number): number => tile * tileMs;
export const tileEnd = (tile: number, tileMs: number): number => (tile + 1) * tileMs;
/** Reads at t answer for the window ending at t rounded up to the next tile boundary. */
export const roundUp = (t: number, tileMs: number): number => Math.ceil(t / tileMs) * tileMs;
export const bucketOf = (tile: number, tilesPerBucket: number): number => Math.floor(tile / tilesPerBucket);

/** The member tag of the lifetime accumulator, which is one never-ending tile. */
export const LIFE = 'L';

/**
 * Key suffixes (under the customer's base). `v`: ZSET of numeric tile state (`n:<tile>` count,
 * `s:` sum, `t:` newest event time, `u:` minus newest time, `m:` min/max, `k:<tile>:<json>` counts).
 * `e`: ZSET of `[id,value]` JSON scored by event time (lastN/first/last). `h`: HyperLogLog.
 * v and e keys hold one bucket of tiles; h keys hold one tile. `life` replaces the bucket/tile.
 */
export const aggKeys = {
  v: (name: string, bucket: number | 'life'): string => `${K.agg}:${name}:v:${bucket}`,
  e: (name: string, bucket: number | 'life'): string => `${K.agg}:${name}:e:${bucket}`,
  h: (name: string, tile: number | 'life'): string => `${K.agg}:${name}:h:${tile}`,
};
