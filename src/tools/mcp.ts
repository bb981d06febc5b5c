// The MCP server over the toolset. One server per caller: over stdio one for the process, over
// HTTP one per request (stateless, so any replica answers any request).
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { inputJsonSchema } from './openai.ts';
import type { Caller, Toolset } from './toolset.ts';
import type { ToolDefinition, ToolResult } from './types.ts';

export const SERVER_INFO = { name: 'context-gateway', version: '0.1.0' };

const INSTRUCTIONS =
  'context-gateway knows customers: profile facts, recent activity, live data, memory of past conversations and company knowledge. ' +
  'Start with get_customer_context for a customer-specific question; use search_knowledge for company rules and facts; ' +
  'use remember to store what the customer tells you that matters later. Never guess customer ids.';

function describeTool(t: ToolDefinition): Tool {
  const { $schema: _, ...inputSchema } = inputJsonSchema(t);
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema: inputSchema as Tool['inputSchema'],
    annotations: { title: t.title, readOnlyHint: t.scope === 'read', destructiveHint: false, idempotentHint: t.scope === 'read', openWorldHint: false },
  };
}

export const callToolResult = (r: ToolResult): CallToolResult => ({
  content: r.text.map((text) => ({ type: 'text' as const, text })),
  ...(r.data ? { structuredContent: r.data } : {}),
  ...(r.isError ? { isError: true } : {}),
});

/**
 * The low-level Server on purpose: the tool list depends on the caller's scopes, schemas are the
 * toolset's (the ones /tools/openai.json derives from), and every call goes through `Toolset.call`.
 */
export function createMcpServer(toolset: Toolset, caller: Caller): Server {
  const server = new Server(SERVER_INFO, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: toolset.visible(caller).map(describeTool) }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => callToolResult(await toolset.call(req.params.name, req.params.arguments, caller)));
  return server;
}
