// What a plugin's `demo` hook gets: the shared cast of demo customers and a seeded random source,
// so every plugin's demo events are about the same people and the same on every run.

export interface DemoCustomer {
  id: string;
  firstName: string;
  lastName: string;
  email: string;
  city: string;
  country: string;
  /** IATA code of the airport nearest the home city. */
  airport: string;
  /** 0..1, stable per customer: how active they are (scale event counts by it). */
  activity: number;
}

export interface DemoRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export interface DemoContext<O = unknown> {
  options: O;
  customers: readonly DemoCustomer[];
  /** The demo's "now", ms; every event must be at or before it. */
  now: number;
  /** Events spread over the last `days` days. @default 30 */
  days: number;
  /** Seeded per plugin: adding a plugin does not change the others' data. */
  random: DemoRandom;
  /** A random event time in (now - days, now - 1 min], ms. */
  time(): number;
  /** A deterministic event id: `demo-<plugin>-<parts...>`. */
  id(...parts: (string | number)[]): string;
}
