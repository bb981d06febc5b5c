// The tools as OpenAI function-calling definitions with strict JSON Schema: every object closed
// (additionalProperties: false), every property required, optional ones nullable (null = not given).
import { z } from 'zod';
import type { ToolDefinition } from './types.ts';

export interface OpenAiTool {
  type: 'function';
  function: { name: string; description: string; strict: true; parameters: JsonSchema };
}

type JsonSchema = { [key: string]: unknown };

/** Keywords every strict-mode model accepts; range and length limits are enforced by the gateway instead. */
const KEEP = new Set(['type', 'description', 'properties', 'required', 'additionalProperties', 'items', 'enum', 'anyOf', 'const', 'format']);

const PLAIN = new Set(['type', 'format', 'enum', 'description']);

function nullable(s: JsonSchema): JsonSchema {
  // { anyOf: [{ type: "integer" }, { type: "null" }] } reads better as { type: ["integer", "null"] }.
  const anyOf = s.anyOf as JsonSchema[] | undefined;
  const other = anyOf?.length === 2 && anyOf.some((a) => a.type === 'null') ? anyOf.find((a) => a.type !== 'null') : undefined;
  if (other && typeof other.type === 'string' && Object.keys(other).every((k) => PLAIN.has(k))) {
    const { anyOf: _, ...rest } = s;
    return nullable({ ...other, ...rest });
  }
  if (Array.isArray(s.anyOf)) return (s.anyOf as JsonSchema[]).some((a) => a.type === 'null') ? s : { ...s, anyOf: [...(s.anyOf as JsonSchema[]), { type: 'null' }] };
  const enumValues = Array.isArray(s.enum) && !s.enum.includes(null) ? { enum: [...s.enum, null] } : {};
  if (typeof s.type === 'string') return { ...s, ...enumValues, type: [s.type, 'null'] };
  return s;
}

/** Makes a JSON Schema strict, recursively. */
export function strictSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(schema)) if (KEEP.has(k)) out[k] = v;
  if (Array.isArray(out.anyOf)) out.anyOf = (out.anyOf as JsonSchema[]).map(strictSchema);
  if (out.items && typeof out.items === 'object') out.items = strictSchema(out.items as JsonSchema);
  if (out.type === 'object' || out.properties) {
    const props = (out.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((out.required ?? []) as string[]);
    out.properties = Object.fromEntries(Object.entries(props).map(([k, v]) => [k, required.has(k) ? strictSchema(v) : nullable(strictSchema(v))]));
    out.required = Object.keys(props);
    out.additionalProperties = false;
  }
  return out;
}

/** The JSON Schema agents see for a tool's input (what the MCP SDK advertises too: draft-7, input side). */
export const inputJsonSchema = (tool: ToolDefinition): JsonSchema => z.toJSONSchema(tool.input, { target: 'draft-7', io: 'input' }) as JsonSchema;

export const openAiTools = (tools: readonly ToolDefinition[]): OpenAiTool[] =>
  tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, strict: true, parameters: strictSchema(inputJsonSchema(t)) } }));
