// The gateway's tools for agents: the core ones and the plugins', filtered by config and by the
// caller's scopes. Every front door (MCP stdio and HTTP, /tools/call) runs them through here.
import { execute as graphqlExecute, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { z } from 'zod';
import { PluginError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { LoadedPlugin } from '../plugins/registry.ts';
import type { RequestContext, Scope } from '../server/services.ts';
import { coreTools, type CoreToolLimits } from './core.ts';
import { pluginTools } from './plugin-tools.ts';
import { ToolError, type Execute, type ToolDefinition, type ToolResult } from './types.ts';

/** Who calls: the API key's tenant and scopes (stdio: the configured key, or the open default). */
export interface Caller {
  tenant: string;
  scopes: ReadonlySet<Scope>;
}

export interface ToolsConfig {
  /** Offer the `remember` tool (it writes memory). @default true */
  remember: boolean;
  /** Tool names hidden from every agent. @default [] */
  disabled: readonly string[];
}

export interface ToolsetOptions {
  schema: GraphQLSchema;
  plugins: readonly LoadedPlugin[];
  config: ToolsConfig;
  limits: CoreToolLimits;
  contextFor: (caller: Caller) => RequestContext;
  log: Logger;
}

const allowed = (caller: Caller, scope: Scope): boolean => caller.scopes.has(scope) || caller.scopes.has('admin');

/** Client errors keep their message; anything unexpected is logged and masked, as on /graphql. */
function toolErrorOf(err: GraphQLError, log: Logger): ToolError {
  const original = err.originalError as (Error & { extensions?: { code?: unknown } }) | undefined;
  const code = original?.extensions?.code ?? err.extensions?.code;
  if (!original || typeof code === 'string') return new ToolError(typeof code === 'string' ? code : 'BAD_REQUEST', err.message);
  log.error({ err: original, path: err.path }, 'tool execution failed');
  return new ToolError('INTERNAL_SERVER_ERROR', 'Unexpected error inside the gateway; try again later.');
}

export const formatIssues = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(arguments)'}: ${i.message}`).join('; ');

export class Toolset {
  readonly tools: readonly ToolDefinition[];

  constructor(private readonly o: ToolsetOptions) {
    const all = [...coreTools(o.limits), ...pluginTools(o.plugins, o.schema)];
    const seen = new Map<string, string>();
    for (const t of all) {
      const first = seen.get(t.name);
      if (first) throw new PluginError(t.source, `tool "${t.name}" is already defined by "${first}"`);
      seen.set(t.name, t.source);
    }
    this.tools = all.filter((t) => !o.config.disabled.includes(t.name) && (t.name !== 'remember' || o.config.remember));
  }

  /** The tools this caller may call. */
  visible(caller: Caller): ToolDefinition[] {
    return this.tools.filter((t) => allowed(caller, t.scope));
  }

  /** Validates raw arguments, then runs; every failure is a ToolResult with isError, never a throw. */
  async call(name: string, args: unknown, caller: Caller): Promise<ToolResult> {
    const tool = this.tools.find((t) => t.name === name);
    if (!tool) return fail('UNKNOWN_TOOL', `Unknown tool "${name}". Available tools: ${this.visible(caller).map((t) => t.name).join(', ')}.`);
    if (!allowed(caller, tool.scope)) return forbidden(tool);
    const parsed = tool.input.safeParse(args ?? {});
    if (!parsed.success) return fail('BAD_USER_INPUT', `Invalid arguments for tool ${name}: ${formatIssues(parsed.error)}`);
    return this.run(tool, parsed.data, caller);
  }

  /** Runs a tool on already validated arguments. */
  async run(tool: ToolDefinition, args: Record<string, unknown>, caller: Caller): Promise<ToolResult> {
    if (!allowed(caller, tool.scope)) return forbidden(tool);
    try {
      const out = await tool.run(args, this.executor(caller));
      return { isError: false, text: out.text, data: out.data };
    } catch (err) {
      if (err instanceof ToolError) return fail(err.code, err.message);
      this.o.log.error({ err, tool: tool.name }, 'tool failed');
      return fail('INTERNAL_SERVER_ERROR', 'Unexpected error inside the gateway; try again later.');
    }
  }

  private executor(caller: Caller): Execute {
    const contextValue = this.o.contextFor(caller);
    return async (document: DocumentNode, variables: Record<string, unknown>) => {
      // null means "not given": GraphQL then applies the argument's default.
      const variableValues = Object.fromEntries(Object.entries(variables).filter(([, v]) => v !== null && v !== undefined));
      const result = await graphqlExecute({ schema: this.o.schema, document, contextValue, variableValues });
      const first = result.errors?.[0];
      if (first) throw toolErrorOf(first, this.o.log);
      return (result.data ?? {}) as Record<string, unknown>;
    };
  }
}

const forbidden = (tool: ToolDefinition): ToolResult => fail('FORBIDDEN', `This API key lacks the "${tool.scope}" scope that tool ${tool.name} needs.`);
const fail = (code: string, message: string): ToolResult => ({ isError: true, text: [`${code}: ${message}`] });
