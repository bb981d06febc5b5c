// Great-circle distance and the speed two transactions would need.

const EARTH_RADIUS_KM = 6371.0088;
const rad = (deg: number): number => (deg * Math.PI) / 180;

export interface Point {
  lat: number;
  lon: number;
}

/** Haversine distance in km. */
export function distanceKm(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** km/h; Infinity when the places differ and the times do not. */
export function speedKmh(km: number, ms: number): number {
  if (ms <= 0) return km > 0 ? Infinity : 0;
  return km / (ms / 3_600_000);
}
