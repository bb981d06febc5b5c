// The Open-Meteo forecast API's wire format (https://open-meteo.com/en/docs): the request for
// current conditions, the JSON it answers (an array when asked for several places) and WMO codes.
import { z } from 'zod';
import { fetchJson, type FetchContext } from '../../src/realtime/index.ts';

export const CURRENT = ['temperature_2m', 'apparent_temperature', 'weather_code', 'wind_speed_10m'] as const;

export const forecastSchema = z.object({
  latitude: z.number(),
  longitude: z.number(),
  utc_offset_seconds: z.number().default(0),
  current: z.object({
    time: z.string(),
    temperature_2m: z.number(),
    apparent_temperature: z.number().nullish(),
    weather_code: z.number().int(),
    wind_speed_10m: z.number(),
  }),
});
export type Forecast = z.infer<typeof forecastSchema>;

export interface Point {
  latitude: number;
  longitude: number;
}

export interface Conditions {
  temperature: number;
  apparentTemperature: number | null;
  weatherCode: number;
  description: string;
  windSpeed: number;
  /** ms; the time of the model's current values. */
  observedAt: number;
}

/** `GET /v1/forecast?latitude=a,b&longitude=c,d&current=...`: one call for many places. */
export function forecastUrl(baseUrl: string, points: readonly Point[]): URL {
  const url = new URL('/v1/forecast', baseUrl);
  url.searchParams.set('latitude', points.map((p) => p.latitude).join(','));
  url.searchParams.set('longitude', points.map((p) => p.longitude).join(','));
  url.searchParams.set('current', CURRENT.join(','));
  url.searchParams.set('wind_speed_unit', 'kmh');
  url.searchParams.set('timezone', 'GMT');
  return url;
}

/** Several points answer a JSON array in request order; one point answers one object. */
export async function fetchForecasts(baseUrl: string, points: readonly Point[], ctx: FetchContext<unknown>): Promise<Conditions[]> {
  const schema = points.length === 1 ? forecastSchema.transform((f) => [f]) : z.array(forecastSchema).length(points.length);
  const forecasts = await fetchJson(forecastUrl(baseUrl, points), schema, { signal: ctx.signal, label: 'Open-Meteo' });
  return forecasts.map(conditions);
}

function conditions(f: Forecast): Conditions {
  const c = f.current;
  // `time` is local to the requested timezone and has no offset: "2024-06-01T12:00".
  const observedAt = Date.parse(`${c.time}Z`) - f.utc_offset_seconds * 1000;
  return {
    temperature: c.temperature_2m,
    apparentTemperature: c.apparent_temperature ?? null,
    weatherCode: c.weather_code,
    description: describeWmo(c.weather_code),
    windSpeed: c.wind_speed_10m,
    observedAt: Number.isNaN(observedAt) ? Date.now() : observedAt,
  };
}

const WMO: Record<number, string> = {
  0: 'clear sky', 1: 'mainly clear', 2: 'partly cloudy', 3: 'overcast', 45: 'fog', 48: 'depositing rime fog',
  51: 'light drizzle', 53: 'drizzle', 55: 'dense drizzle', 56: 'light freezing drizzle', 57: 'freezing drizzle',
  61: 'light rain', 63: 'rain', 65: 'heavy rain', 66: 'light freezing rain', 67: 'freezing rain',
  71: 'light snow', 73: 'snow', 75: 'heavy snow', 77: 'snow grains', 80: 'light rain showers', 81: 'rain showers',
  82: 'violent rain showers', 85: 'snow showers', 86: 'heavy snow showers', 95: 'thunderstorm',
  96: 'thunderstorm with hail', 99: 'thunderstorm with heavy hail',
};

export const describeWmo = (code: number): string => WMO[code] ?? `weather code ${code}`;
