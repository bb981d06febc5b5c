// The TomTom Traffic Flow Segment Data API's wire format
// (https://developer.tomtom.com/traffic-api/documentation/traffic-flow/flow-segment-data):
// speeds and travel times on the road segment nearest a point.
import { z } from 'zod';
import { fetchJson, type FetchContext } from '../../src/realtime/index.ts';

export const flowSchema = z.object({
  flowSegmentData: z.object({
    frc: z.string().optional(),
    currentSpeed: z.number().nonnegative(),
    freeFlowSpeed: z.number().positive(),
    currentTravelTime: z.number().int().nonnegative(),
    freeFlowTravelTime: z.number().int().nonnegative(),
    confidence: z.number().min(0).max(1),
    roadClosure: z.boolean().default(false),
  }),
});

export interface Point {
  latitude: number;
  longitude: number;
}

export type CongestionLevel = 'FREE_FLOW' | 'MODERATE' | 'HEAVY' | 'SEVERE' | 'CLOSED';

export interface Flow {
  level: CongestionLevel;
  currentSpeed: number;
  freeFlowSpeed: number;
  currentTravelTime: number;
  freeFlowTravelTime: number;
  confidence: number;
  roadClosure: boolean;
}

/** `GET /traffic/services/4/flowSegmentData/absolute/10/json?point=lat,lon&unit=KMPH&key=…` */
export function flowUrl(baseUrl: string, apiKey: string, p: Point): URL {
  const url = new URL('/traffic/services/4/flowSegmentData/absolute/10/json', baseUrl);
  url.searchParams.set('point', `${p.latitude},${p.longitude}`);
  url.searchParams.set('unit', 'KMPH');
  url.searchParams.set('key', apiKey);
  return url;
}

/** Current speed as a share of free-flow speed, in words. */
export function congestion(current: number, freeFlow: number, closed: boolean): CongestionLevel {
  if (closed) return 'CLOSED';
  const ratio = current / freeFlow;
  return ratio >= 0.85 ? 'FREE_FLOW' : ratio >= 0.6 ? 'MODERATE' : ratio >= 0.35 ? 'HEAVY' : 'SEVERE';
}

export async function fetchFlow(baseUrl: string, apiKey: string, p: Point, ctx: FetchContext<unknown>): Promise<Flow> {
  // The label, not the URL, goes into error messages: the URL carries the API key.
  const { flowSegmentData: f } = await fetchJson(flowUrl(baseUrl, apiKey, p), flowSchema, { signal: ctx.signal, label: 'TomTom traffic' });
  return {
    level: congestion(f.currentSpeed, f.freeFlowSpeed, f.roadClosure),
    currentSpeed: f.currentSpeed,
    freeFlowSpeed: f.freeFlowSpeed,
    currentTravelTime: f.currentTravelTime,
    freeFlowTravelTime: f.freeFlowTravelTime,
    confidence: f.confidence,
    roadClosure: f.roadClosure,
  };
}
