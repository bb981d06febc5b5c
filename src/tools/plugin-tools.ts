// Tools that plugins add: each `tools` entry is a .graphql file (absolute path or file URL) or an
// inline `{ name?, document }`. Checked at start; a bad one stops start-up naming the plugin.
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphQLSchema } from 'graphql';
import { PluginError } from '../errors.ts';
import type { LoadedPlugin } from '../plugins/registry.ts';
import type { PluginTool } from '../plugins/types.ts';
import { operationTool, ToolDocumentError } from './operation.ts';
import type { ToolDefinition } from './types.ts';

function readTool(entry: string | URL, plugin: string): PluginTool {
  const path = entry instanceof URL || entry.startsWith('file:') ? fileURLToPath(entry) : entry;
  if (!isAbsolute(path)) {
    throw new PluginError(plugin, `tool path "${path}" must be absolute; write new URL('./${path.replace(/^\.\//, '')}', import.meta.url)`);
  }
  try {
    return { document: readFileSync(path, 'utf8') };
  } catch (err) {
    throw new PluginError(plugin, `cannot read tool ${path}: ${(err as Error).message}`);
  }
}

function toTool(entry: unknown, p: LoadedPlugin, schema: GraphQLSchema): ToolDefinition {
  const where = typeof entry === 'string' || entry instanceof URL ? ` (${String(entry)})` : '';
  const src = typeof entry === 'string' || entry instanceof URL ? readTool(entry, p.name) : (entry as PluginTool);
  if (typeof src?.document !== 'string') throw new PluginError(p.name, 'a tool is a .graphql path, a file URL or { name?, document }');
  try {
    return operationTool({ document: src.document, name: src.name, source: p.name }, schema);
  } catch (err) {
    if (err instanceof ToolDocumentError) throw new PluginError(p.name, `tool${where}: ${err.message}`);
    throw err;
  }
}

export function pluginTools(plugins: readonly LoadedPlugin[], schema: GraphQLSchema): ToolDefinition[] {
  return plugins.flatMap((p) => (p.def.tools ?? []).map((entry) => toTool(entry, p, schema)));
}
