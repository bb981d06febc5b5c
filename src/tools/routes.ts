// HTTP front doors for agents, as a yoga plugin (so `gateway.fetch` serves them in tests):
//   POST /mcp                MCP streamable HTTP, stateless (a fresh server per request, JSON responses)
//   GET  /tools/openai.json  the tools as OpenAI function definitions
//   POST /tools/call         {name, arguments} -> {name, isError, content, data}
// All with the same API keys as /graphql: the key's tenant and scopes are the caller's.
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode, GatewayError } from '../errors.ts';
import { readBody } from '../ingest/body.ts';
import type { Authenticator } from '../server/auth.ts';
import { createMcpServer } from './mcp.ts';
import { openAiTools } from './openai.ts';
import type { Caller, Toolset } from './toolset.ts';

export interface ToolRoutesOptions {
  tools: Toolset;
  auth: Authenticator;
  maxBodyBytes: number;
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const errorBody = (code: string, message: string) => ({ error: { code, message } });
const rpcError = (status: number, code: number, message: string, headers: Record<string, string> = {}) =>
  json({ jsonrpc: '2.0', error: { code, message }, id: null }, status, headers);

class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(request: Request, limit: number): Promise<unknown> {
  let text: string;
  try {
    text = await readBody(request, limit);
  } catch (err) {
    if (err instanceof GatewayError && err.code === ErrorCode.PAYLOAD_TOO_LARGE) throw new BodyError(413, err.message);
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BodyError(400, `the body is not JSON: ${(err as Error).message}`);
  }
}

async function mcpRoute(request: Request, caller: Caller, o: ToolRoutesOptions): Promise<Response> {
  // Stateless: no sessions, so no server-initiated stream (GET) and nothing to end (DELETE).
  if (request.method !== 'POST') return rpcError(405, -32000, 'Method not allowed: this MCP endpoint is stateless; use POST.', { allow: 'POST' });
  let body: unknown;
  try {
    body = await readJson(request, o.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyError) return rpcError(err.status, -32700, err.message);
    throw err;
  }
  const server = createMcpServer(o.tools, caller);
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(request, { parsedBody: body });
  } finally {
    await server.close();
  }
}

/** `arguments` as an object, or as the JSON string OpenAI puts in `tool_calls[].function.arguments`. */
function argumentsOf(value: unknown): { ok: true; args: unknown } | { ok: false; message: string } {
  if (typeof value !== 'string') return { ok: true, args: value ?? {} };
  try {
    return { ok: true, args: JSON.parse(value) as unknown };
  } catch (err) {
    return { ok: false, message: `arguments is a string but not JSON: ${(err as Error).message}` };
  }
}

async function callRoute(request: Request, caller: Caller, o: ToolRoutesOptions): Promise<Response> {
  let body: unknown;
  try {
    body = await readJson(request, o.maxBodyBytes);
  } catch (err) {
    if (err instanceof BodyError) return json(errorBody(ErrorCode.BAD_REQUEST, err.message), err.status);
    throw err;
  }
  const { name, arguments: raw } = (body ?? {}) as { name?: unknown; arguments?: unknown };
  if (typeof name !== 'string') return json(errorBody(ErrorCode.BAD_REQUEST, 'send {"name": "<tool>", "arguments": {...}}'), 400);
  const parsed = argumentsOf(raw);
  const result = parsed.ok ? await o.tools.call(name, parsed.args, caller) : { isError: true, text: [`BAD_USER_INPUT: ${parsed.message}`] };
  return json({ name, isError: result.isError, content: result.text.join('\n\n'), ...('data' in result && result.data ? { data: result.data } : {}) });
}

export function useToolRoutes(o: ToolRoutesOptions): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const path = url.pathname;
      if (path !== '/mcp' && path !== '/tools/openai.json' && path !== '/tools/call') return;
      const auth = o.auth.authenticate(request.headers);
      if (!auth.ok) {
        const headers = { 'www-authenticate': 'Bearer' };
        return endResponse(path === '/mcp' ? rpcError(401, -32001, auth.message, headers) : json(errorBody(ErrorCode.UNAUTHENTICATED, auth.message), 401, headers));
      }
      const caller = auth.principal;
      if (path === '/mcp') return endResponse(await mcpRoute(request, caller, o));
      if (path === '/tools/openai.json' && request.method === 'GET') return endResponse(json(openAiTools(o.tools.visible(caller))));
      if (path === '/tools/call' && request.method === 'POST') return endResponse(await callRoute(request, caller, o));
      return endResponse(json(errorBody('METHOD_NOT_ALLOWED', path === '/tools/call' ? 'use POST' : 'use GET'), 405, { allow: path === '/tools/call' ? 'POST' : 'GET' }));
    },
  };
}
