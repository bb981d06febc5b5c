// Who may read the operational routes. /healthz and /readyz stay open (probes carry no keys and
// learn nothing but up/ready); /metrics counts every tenant's traffic, so it needs an admin key
// once keys are configured, unless `auth.publicMetrics` opens it for a scraper on a private network.
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../../errors.ts';
import type { Authenticator } from '../auth.ts';

const json = (status: number, code: string, message: string, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify({ error: { code, message } }), { status, headers: { 'content-type': 'application/json', ...headers } });

export function useMetricsGuard(o: { auth: Authenticator; publicMetrics: boolean }): Plugin {
  return {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== '/metrics' || o.publicMetrics || o.auth.open) return;
      const auth = o.auth.authenticate(request.headers);
      if (!auth.ok) return endResponse(json(401, ErrorCode.UNAUTHENTICATED, auth.message, { 'www-authenticate': 'Bearer' }));
      if (!auth.principal.scopes.has('admin')) return endResponse(json(403, ErrorCode.FORBIDDEN, '/metrics needs a key with the "admin" scope'));
    },
  };
}
