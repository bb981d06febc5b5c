// The gateway's node:http listener. `POST /graphql` with a JSON body, which is what nearly every
// client sends, is answered here through yoga's own envelop pipeline: the same parse and
// validation cache, query limits, cost limit, graphql-jit, masked errors, error hygiene and
// result serializer (`processRegularResult`). Only yoga's fetch-API adapter is left out (a
// Request, a Response and their streams per request: about 37% of a read's CPU in bench:serve).
// Every other request goes to yoga whole: GET, GraphiQL, SSE and multipart, CORS (any Origin),
// other Accept types, routes, tools, and every body or operation the fast path does not take.
// Nothing is executed before the fast path commits to a request, so a request handed to yoga runs
// once. test/server/http.test.ts sends every kind of request both ways and compares the answers.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getOperationAST, type DocumentNode, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import { processRegularResult, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from '../logger.ts';
import type { Authenticator } from './auth.ts';
import { cleanResult } from './security/errors.ts';
import { tooManyAnswer, type RateLimiter } from './security/rate-limit.ts';
import type { RequestContext } from './services.ts';

export interface HttpListenerOptions {
  yoga: YogaServerInstance<Record<string, unknown>, RequestContext>;
  auth: Authenticator;
  /** Set when `rateLimit` is configured: the fast path spends the same budget yoga's hook does. */
  limiter?: RateLimiter | undefined;
  /** Bodies above this go to yoga, which answers 413. */
  maxBodyBytes: number;
  /** Keep "Did you mean …?" in error messages (docs/security.md). */
  suggestions: boolean;
  log: Logger;
  /** @default '/graphql' */
  endpoint?: string;
}

export interface HttpListener {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Requests answered by the fast path and handed to yoga (tests and metrics). */
  readonly counts: { fast: number; yoga: number };
}

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

/** The Accept values whose answer is `application/json` in yoga (its result processor's choice). */
const JSON_ACCEPT = new Set([undefined, '', '*/*', 'application/json']);
const PARAM_NAMES = new Set(['query', 'variables', 'operationName', 'extensions']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The body is exactly what yoga's parameter check accepts; anything else is yoga's to answer. */
function asParams(body: unknown): Params | null {
  if (!isObject(body) || typeof body.query !== 'string') return null;
  for (const key in body) if (!PARAM_NAMES.has(key)) return null;
  if (body.variables != null && !isObject(body.variables)) return null;
  if (body.operationName != null && typeof body.operationName !== 'string') return null;
  if (body.extensions != null && !isObject(body.extensions)) return null;
  return body as unknown as Params;
}

/** The headers of a node request behind the one method the gateway's code and plugins read. */
function headersOf(req: IncomingMessage): Headers {
  return {
    get(name: string): string | null {
      const v = req.headers[name.toLowerCase()];
      return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
    },
    has: (name: string) => req.headers[name.toLowerCase()] !== undefined,
  } as Headers;
}

/** Captures what `processRegularResult` builds instead of making a fetch-API Response. */
class Answer {
  constructor(
    readonly body: string,
    readonly init: { status: number; headers: Record<string, string> },
  ) {}
}
const CAPTURE = { Response: Answer } as unknown as Parameters<typeof processRegularResult>[1];

export function createHttpListener(o: HttpListenerOptions): HttpListener {
  const endpoint = o.endpoint ?? '/graphql';
  const counts = { fast: 0, yoga: 0 };
  const yoga = o.yoga as unknown as YogaServerInstance<Record<string, unknown>, RequestContext> & {
    (req: IncomingMessage, res: ServerResponse): void;
  };
  const enabled = hooksAreKnown(o.yoga, o.log);
  // The operation of a (cached, hence identical) document and operation name.
  const operations = new WeakMap<DocumentNode, Map<string, OperationDefinitionNode | null>>();
  const operationOf = (document: DocumentNode, name: string | null | undefined): OperationDefinitionNode | null => {
    let byName = operations.get(document);
    if (!byName) operations.set(document, (byName = new Map()));
    const key = name ?? '';
    if (!byName.has(key)) byName.set(key, getOperationAST(document, name) ?? null);
    return byName.get(key)!;
  };

  const toYoga = (req: IncomingMessage, res: ServerResponse): void => {
    counts.yoga++;
    yoga(req, res);
  };

  /** Hands an already-read request to yoga with its body. */
  const toYogaWithBody = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    counts.yoga++;
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    const response = await o.yoga.fetch(`http://${req.headers.host ?? 'localhost'}${req.url}`, { method: req.method!, headers, body }, { req, res });
    const out: Record<string, string> = {};
    response.headers.forEach((value, name) => (out[name] = value));
    res.writeHead(response.status, out);
    if (!response.body) return void res.end();
    // Streamed, not buffered: a subscription sent by POST is answered with an event stream.
    const reader = response.body.getReader();
    res.on('close', () => void reader.cancel().catch(() => {}));
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) res.write(chunk.value);
    res.end();
  };

  const send = (res: ServerResponse, status: number, headers: Record<string, string>, body: string): void => {
    res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };

  async function answer(req: IncomingMessage, res: ServerResponse, raw: Buffer): Promise<void> {
    let params: Params | null;
    try {
      params = asParams(JSON.parse(raw.toString('utf8')));
    } catch {
      params = null;
    }
    if (!params) return toYogaWithBody(req, res, raw);
    const headers = headersOf(req);
    // A bad key is answered by yoga's context factory (401 with WWW-Authenticate); nothing has run.
    const auth = o.auth.authenticate(headers);
    if (!auth.ok) return toYogaWithBody(req, res, raw);
    if (o.limiter) {
      const verdict = await o.limiter.hit(auth.principal.tenant, auth.principal.id).catch((err: Error) => {
        o.log.warn({ err: err.message }, 'rate limit check failed; request let through');
        return null;
      });
      if (verdict && !verdict.allowed) {
        counts.fast++;
        const tooMany = tooManyAnswer(endpoint, verdict);
        return send(res, tooMany.status, tooMany.headers, tooMany.body);
      }
    }
    const request = { method: 'POST', url: `http://${req.headers.host ?? 'localhost'}${req.url}`, headers } as unknown as Request;
    const serverContext: Record<string, unknown> = { req, res, request, params };
    const enveloped = o.yoga.getEnveloped(serverContext as never);
    let document: DocumentNode;
    try {
      document = enveloped.parse(params.query);
    } catch {
      return toYogaWithBody(req, res, raw); // syntax errors and token limits: yoga's answer
    }
    if (enveloped.validate(enveloped.schema, document).length > 0) return toYogaWithBody(req, res, raw);
    const operation = operationOf(document, params.operationName);
    if (!operation || operation.operation === 'subscription') return toYogaWithBody(req, res, raw);
    let contextValue: unknown;
    try {
      contextValue = await enveloped.contextFactory();
    } catch {
      return toYogaWithBody(req, res, raw); // nothing ran yet: yoga answers with the same error
    }
    counts.fast++;
    let result = (await enveloped.execute({
      schema: enveloped.schema,
      document,
      contextValue,
      variableValues: params.variables ?? undefined,
      operationName: params.operationName ?? undefined,
    })) as ExecutionResult;
    result = cleanResult(result, o.suggestions);
    const out = processRegularResult(result, CAPTURE, 'application/json') as unknown as Answer;
    send(res, out.init.status, out.init.headers, out.body);
  }

  const listener = ((req: IncomingMessage, res: ServerResponse): void => {
    const length = req.headers['content-length'];
    if (
      !enabled ||
      req.method !== 'POST' ||
      req.url !== endpoint ||
      req.headers.origin !== undefined ||
      !JSON_ACCEPT.has(req.headers.accept) ||
      !isJson(req.headers['content-type']) ||
      length === undefined ||
      !/^\d+$/.test(length) ||
      Number(length) > o.maxBodyBytes
    ) {
      return toYoga(req, res);
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      answer(req, res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).catch((err: Error) => {
        // Only reached when execution itself threw (graphql-jit or a plugin bug): never silent.
        o.log.error({ err }, 'GraphQL request failed');
        if (!res.headersSent) send(res, 500, { 'content-type': 'application/json; charset=utf-8' }, JSON.stringify({ errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] }));
        else res.destroy();
      });
    });
    req.on('error', () => res.destroy());
  }) as HttpListener;
  Object.defineProperty(listener, 'counts', { value: counts });
  return listener;
}

function isJson(contentType: string | undefined): boolean {
  // Yoga reads the first of a (non-standard) list, and takes `application/json` or `…;charset`.
  const first = contentType?.split(',')[0];
  return first === 'application/json' || !!first?.startsWith('application/json;');
}

/**
 * The fast path replays exactly these yoga-level hooks: the GraphQL parameter check (onParams),
 * the result processor choice and error hygiene (onResultProcess). A yoga plugin that adds any
 * other turns it off rather than being skipped.
 */
function hooksAreKnown(yoga: object, log: Logger): boolean {
  const y = yoga as { onParamsHooks?: unknown[]; onExecutionResultHooks?: unknown[]; onResultProcessHooks?: unknown[] };
  const known = y.onParamsHooks?.length === 1 && y.onExecutionResultHooks?.length === 0 && y.onResultProcessHooks?.length === 2;
  if (!known) log.warn('a yoga plugin adds request hooks the fast path does not replay: every GraphQL request goes through yoga');
  return known;
}
