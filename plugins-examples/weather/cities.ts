// Where to ask for the weather: the customer's last known position when it is newer than their
// home city, else the home city from a small built-in table (no geocoding call needed).
import type { AttributeRecord } from '../../src/attributes/store.ts';

/** City (lower case) -> display name and coordinates. Extend with the `cities` option. */
export const CITIES: Record<string, { name: string; latitude: number; longitude: number }> = {
  lisbon: { name: 'Lisbon', latitude: 38.72, longitude: -9.14 },
  porto: { name: 'Porto', latitude: 41.15, longitude: -8.61 },
  madrid: { name: 'Madrid', latitude: 40.42, longitude: -3.7 },
  barcelona: { name: 'Barcelona', latitude: 41.39, longitude: 2.17 },
  paris: { name: 'Paris', latitude: 48.85, longitude: 2.35 },
  london: { name: 'London', latitude: 51.51, longitude: -0.13 },
  dublin: { name: 'Dublin', latitude: 53.35, longitude: -6.26 },
  amsterdam: { name: 'Amsterdam', latitude: 52.37, longitude: 4.9 },
  berlin: { name: 'Berlin', latitude: 52.52, longitude: 13.41 },
  munich: { name: 'Munich', latitude: 48.14, longitude: 11.58 },
  frankfurt: { name: 'Frankfurt', latitude: 50.11, longitude: 8.68 },
  zurich: { name: 'Zurich', latitude: 47.37, longitude: 8.54 },
  vienna: { name: 'Vienna', latitude: 48.21, longitude: 16.37 },
  rome: { name: 'Rome', latitude: 41.89, longitude: 12.48 },
  milan: { name: 'Milan', latitude: 45.46, longitude: 9.19 },
  athens: { name: 'Athens', latitude: 37.98, longitude: 23.73 },
  istanbul: { name: 'Istanbul', latitude: 41.01, longitude: 28.98 },
  stockholm: { name: 'Stockholm', latitude: 59.33, longitude: 18.07 },
  copenhagen: { name: 'Copenhagen', latitude: 55.68, longitude: 12.57 },
  warsaw: { name: 'Warsaw', latitude: 52.23, longitude: 21.01 },
  'new york': { name: 'New York', latitude: 40.71, longitude: -74.01 },
  'san francisco': { name: 'San Francisco', latitude: 37.77, longitude: -122.42 },
  tokyo: { name: 'Tokyo', latitude: 35.68, longitude: 139.69 },
  singapore: { name: 'Singapore', latitude: 1.29, longitude: 103.85 },
  sydney: { name: 'Sydney', latitude: -33.87, longitude: 151.21 },
};

export type LocationBasis = 'HOME_CITY' | 'LAST_KNOWN_LOCATION';

export interface Located {
  name: string | null;
  latitude: number;
  longitude: number;
  basis: LocationBasis;
}

/** Two decimals (~1 km): customers in one city share one cache entry and one upstream call. */
const round = (x: number): number => Math.round(x * 100) / 100;

const num = (r: AttributeRecord | undefined): number | undefined => {
  const n = typeof r?.value === 'string' ? Number(r.value) : r?.value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

export function locate(records: readonly AttributeRecord[], extra: Record<string, { latitude: number; longitude: number }> = {}): Located | null {
  const by = new Map(records.map((r) => [r.name, r]));
  const lat = num(by.get('lastLat'));
  const lon = num(by.get('lastLon'));
  const home = by.get('homeCity');
  const homeKey = typeof home?.value === 'string' ? home.value.trim().toLowerCase() : undefined;
  const city = homeKey ? (extra[homeKey] ? { name: String(home?.value), ...extra[homeKey] } : CITIES[homeKey]) : undefined;
  const lastAt = Math.max(by.get('lastLat')?.observedAt ?? 0, by.get('lastLon')?.observedAt ?? 0);
  const useLast = lat !== undefined && lon !== undefined && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && (!city || lastAt >= (home?.observedAt ?? 0));
  if (useLast) return { name: null, latitude: round(lat), longitude: round(lon), basis: 'LAST_KNOWN_LOCATION' };
  return city ? { name: city.name, latitude: round(city.latitude), longitude: round(city.longitude), basis: 'HOME_CITY' } : null;
}
