// The demo's cast: customers with names, home cities and airports, the same for a given seed.
import { seededRandom } from './random.ts';
import type { DemoCustomer } from './types.ts';

const FIRST = ['Ana', 'Ben', 'Chloe', 'Daniel', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kofi', 'Lena', 'Mateo', 'Nadia', 'Oscar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tara', 'Umar', 'Vera', 'Wei', 'Ximena', 'Yusuf', 'Zoe'];
const LAST = ['Almeida', 'Brown', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jansen', 'Kowalski', 'Larsen', 'Moreau', 'Novak', 'Okafor', 'Patel', 'Rossi', 'Schmidt', 'Tanaka', 'Vargas', 'Weber', 'Yilmaz'];
const CITIES = [
  { city: 'Lisbon', country: 'PT', airport: 'LIS' },
  { city: 'Berlin', country: 'DE', airport: 'BER' },
  { city: 'Paris', country: 'FR', airport: 'CDG' },
  { city: 'Madrid', country: 'ES', airport: 'MAD' },
  { city: 'Amsterdam', country: 'NL', airport: 'AMS' },
  { city: 'London', country: 'GB', airport: 'LHR' },
  { city: 'Rome', country: 'IT', airport: 'FCO' },
  { city: 'Stockholm', country: 'SE', airport: 'ARN' },
  { city: 'New York', country: 'US', airport: 'JFK' },
  { city: 'Chicago', country: 'US', airport: 'ORD' },
  { city: 'Toronto', country: 'CA', airport: 'YYZ' },
  { city: 'Singapore', country: 'SG', airport: 'SIN' },
] as const;

export function demoCustomers(count: number, seed: number): DemoCustomer[] {
  const r = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const firstName = r.pick(FIRST);
    const lastName = r.pick(LAST);
    const home = r.pick(CITIES);
    const id = `cust-${String(i + 1).padStart(3, '0')}`;
    return {
      id,
      firstName,
      lastName,
      email: `${firstName}.${lastName}.${i + 1}@example.com`.toLowerCase(),
      city: home.city,
      country: home.country,
      airport: home.airport,
      activity: Math.round((0.2 + 0.8 * r.next()) * 100) / 100,
    };
  });
}
