// Where to look at traffic: near the customer's last known position when it is newer than their
// home city, else on the road to their home city's airport.
import type { AttributeRecord } from '../../src/attributes/store.ts';

/** Home city (lower case) -> the airport access road watched for it. */
export const AIRPORTS: Record<string, { name: string; latitude: number; longitude: number }> = {
  lisbon: { name: 'Lisbon airport', latitude: 38.7742, longitude: -9.1342 },
  porto: { name: 'Porto airport', latitude: 41.2481, longitude: -8.6814 },
  madrid: { name: 'Madrid-Barajas airport', latitude: 40.4839, longitude: -3.568 },
  barcelona: { name: 'Barcelona airport', latitude: 41.2974, longitude: 2.0833 },
  paris: { name: 'Paris-CDG airport', latitude: 49.0097, longitude: 2.5479 },
  london: { name: 'London Heathrow', latitude: 51.47, longitude: -0.4543 },
  amsterdam: { name: 'Amsterdam Schiphol', latitude: 52.3105, longitude: 4.7683 },
  frankfurt: { name: 'Frankfurt airport', latitude: 50.0379, longitude: 8.5622 },
  munich: { name: 'Munich airport', latitude: 48.3537, longitude: 11.775 },
  berlin: { name: 'Berlin BER airport', latitude: 52.3667, longitude: 13.5033 },
  rome: { name: 'Rome Fiumicino', latitude: 41.8003, longitude: 12.2389 },
  'new york': { name: 'JFK airport', latitude: 40.6413, longitude: -73.7781 },
};

export interface Place {
  /** "Lisbon airport" or "your last known location". */
  name: string;
  latitude: number;
  longitude: number;
}

/** Three decimals (~100 m): one road segment, one cache entry. */
const round = (x: number): number => Math.round(x * 1000) / 1000;

const num = (r: AttributeRecord | undefined): number | undefined => {
  const n = typeof r?.value === 'string' ? Number(r.value) : r?.value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

export function placeOf(records: readonly AttributeRecord[]): Place | null {
  const by = new Map(records.map((r) => [r.name, r]));
  const lat = num(by.get('lastLat'));
  const lon = num(by.get('lastLon'));
  const home = by.get('homeCity');
  const airport = typeof home?.value === 'string' ? AIRPORTS[home.value.trim().toLowerCase()] : undefined;
  const lastAt = Math.max(by.get('lastLat')?.observedAt ?? 0, by.get('lastLon')?.observedAt ?? 0);
  if (lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && (!airport || lastAt >= (home?.observedAt ?? 0))) {
    return { name: 'your last known location', latitude: round(lat), longitude: round(lon) };
  }
  return airport ? { name: airport.name, latitude: round(airport.latitude), longitude: round(airport.longitude) } : null;
}
