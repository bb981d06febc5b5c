// `context-gateway mcp`: the MCP server over stdio, for desktop agents that spawn it. It acts with
// the key in CONTEXT_GATEWAY_API_KEY (its tenant and scopes), or as the open default when the
// gateway has no keys. stdout carries the protocol, so logs go to stderr (src/cli.ts).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Config } from '../config/schema.ts';
import type { Logger } from '../logger.ts';
import { Authenticator } from '../server/auth.ts';
import { createGateway } from '../server/gateway.ts';
import { createMcpServer } from './mcp.ts';
import type { Caller } from './toolset.ts';

export const API_KEY_ENV = 'CONTEXT_GATEWAY_API_KEY';

/** The caller a stdio server acts as; throws with what to set when that is not clear. */
export function stdioCaller(config: Config, env: NodeJS.ProcessEnv): Caller {
  const key = env[API_KEY_ENV]?.trim();
  const auth = new Authenticator(config.auth.apiKeys);
  const result = auth.authenticate(new Headers(key ? { authorization: `Bearer ${key}` } : {}));
  if (result.ok) return result.principal;
  throw new Error(key ? `${API_KEY_ENV}: ${result.message}` : `API keys are configured: set ${API_KEY_ENV} to the key this MCP server should act with`);
}

export async function serveStdio(config: Config, log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const caller = stdioCaller(config, env);
  // Agents only read and remember; ingestion runs in `serve` or `worker`.
  const gateway = await createGateway(config, { logger: log, worker: false });
  const server = createMcpServer(gateway.tools, caller);
  let closing = false;
  const stop = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    await gateway.close();
    process.exit(0);
  };
  process.stdin.once('end', stop);
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.connect(new StdioServerTransport());
  log.info({ tenant: caller.tenant, tools: gateway.tools.visible(caller).map((t) => t.name) }, 'MCP server on stdio');
}
