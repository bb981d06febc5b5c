// API keys: each maps to one tenant and a set of scopes. Without keys the gateway runs open on
// tenant `default` (and says so at start).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyConfig } from '../config/schema.ts';
import type { Scope } from './services.ts';

export interface Principal {
  tenant: string;
  scopes: ReadonlySet<Scope>;
  /** Stable id for rate limiting and logs (never the key itself). */
  id: string;
}

export type AuthResult = { ok: true; principal: Principal } | { ok: false; status: 401; message: string };

const OPEN: Principal = { tenant: 'default', scopes: new Set<Scope>(['read', 'write', 'admin']), id: 'open' };

/** A key's stable id: the same on every replica whatever the key order, and not the key itself. */
export const keyId = (key: string): string => `key:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

const same = (a: string, b: string): boolean => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export class Authenticator {
  constructor(private readonly keys: readonly ApiKeyConfig[]) {}

  get open(): boolean {
    return this.keys.length === 0;
  }

  /** The key from `Authorization: Bearer <key>` or `x-api-key`. */
  static keyOf(headers: Headers): string | null {
    const auth = headers.get('authorization');
    if (auth) {
      const m = /^Bearer\s+(.+)$/i.exec(auth.trim());
      return m ? m[1]!.trim() : null;
    }
    return headers.get('x-api-key')?.trim() || null;
  }

  authenticate(headers: Headers): AuthResult {
    if (this.open) return { ok: true, principal: OPEN };
    const key = Authenticator.keyOf(headers);
    if (!key) return { ok: false, status: 401, message: 'missing API key: send "Authorization: Bearer <key>" or "x-api-key: <key>"' };
    const found = this.keys.find((k) => same(k.key, key));
    if (!found) return { ok: false, status: 401, message: 'unknown API key: it matches none of the configured keys' };
    return { ok: true, principal: { tenant: found.tenant, scopes: new Set(found.scopes), id: keyId(found.key) } };
  }
}
