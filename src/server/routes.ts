// HTTP routes beside /graphql, as a yoga plugin so `yoga.fetch` serves them in tests too.
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, GatewayError } from '../errors.ts';
import { BadBodyError, parseEvents, readBody } from '../ingest/body.ts';
import { tooManyEvents } from '../ingest/ingest.ts';
import { Authenticator } from './auth.ts';
import type { Metrics } from './metrics.ts';
import type { Services } from './services.ts';

export interface RoutesOptions {
  services: Services;
  auth: Authenticator;
  metrics: Metrics;
  maxBodyBytes: number;
  ready: () => Promise<boolean>;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const errorBody = (code: string, message: string) => ({ error: { code, message } });

async function ingestRoute(request: Request, url: URL, o: RoutesOptions): Promise<Response> {
  const auth = o.auth.authenticate(request.headers);
  if (!auth.ok) return json(errorBody(ErrorCode.UNAUTHENTICATED, auth.message), 401, { 'www-authenticate': 'Bearer' });
  const { scopes, tenant } = auth.principal;
  if (!scopes.has('write') && !scopes.has('admin')) return json(errorBody(ErrorCode.FORBIDDEN, 'this API key lacks the "write" scope'), 403);
  let items;
  try {
    items = parseEvents(await readBody(request, o.maxBodyBytes), request.headers.get('content-type'));
  } catch (err) {
    if (err instanceof GatewayError && err.code === ErrorCode.PAYLOAD_TOO_LARGE) return json(errorBody(err.code, err.message), 413);
    if (err instanceof BadBodyError) return json(errorBody(err.code, err.message), 400);
    throw err;
  }
  const max = o.services.maxBatchEvents;
  if (items.length > max) return json({ accepted: 0, duplicates: 0, rejected: [tooManyEvents(items.length, max)] }, 413);
  const wait = url.searchParams.get('wait') === 'true';
  const result = await o.services.ingestor.ingest(tenant, items, { wait });
  o.metrics.ingested.inc({ outcome: 'accepted' }, result.accepted);
  o.metrics.ingested.inc({ outcome: 'duplicate' }, result.duplicates);
  o.metrics.ingested.inc({ outcome: 'rejected' }, result.rejected.length);
  const status = result.accepted + result.duplicates === 0 && result.rejected.length ? 400 : wait ? 200 : 202;
  return json(result, status);
}

export function useRoutes(o: RoutesOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const route = `${request.method} ${url.pathname}`;
      if (route === 'POST /v1/events') return endResponse(await ingestRoute(request, url, o));
      if (url.pathname === '/v1/events') return endResponse(json(errorBody('METHOD_NOT_ALLOWED', 'use POST'), 405, { allow: 'POST' }));
      if (route === 'GET /healthz') return endResponse(json({ status: 'ok' }));
      if (route === 'GET /readyz') {
        const ready = await o.ready().catch(() => false);
        return endResponse(json({ status: ready ? 'ready' : 'not ready' }, ready ? 200 : 503));
      }
      if (route === 'GET /metrics') {
        const text = await o.metrics.text().catch((err: Error) => err);
        if (text instanceof Error) return endResponse(json(errorBody('METRICS_UNAVAILABLE', text.message), 503));
        return endResponse(new Response(text, { headers: { 'content-type': o.metrics.registry.contentType } }));
      }
    },
  };
}
