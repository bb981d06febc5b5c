// GraphQL input types -> strict zod schemas, so a plugin's operation variables become a tool's
// input schema (and from there JSON Schema for MCP and OpenAI).
import {
  isEnumType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLNamedInputType,
} from 'graphql';
import { z } from 'zod';

/** Nesting of input objects and lists a tool input may have (a recursive input type stops here). */
const MAX_DEPTH = 6;

export class InputTypeError extends Error {}

const INT32 = 2 ** 31;

/** JSON values travel as JSON-encoded strings: OpenAI's strict schemas need a type for every property. */
const jsonValue = () =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON-encoded value, e.g. "{\\"tier\\":\\"gold\\"}"' });
        return z.NEVER;
      }
    })
    .describe('A JSON value, encoded as a string.');

const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i;

/** Checked by a refinement rather than zod's long regex, which would cost every agent tokens in the schema. */
const dateTime = () =>
  z
    .string()
    .refine((s) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO-8601 date and time with a zone, e.g. 2025-06-01T12:00:00Z')
    .meta({ format: 'date-time', description: 'An ISO-8601 date and time with a zone, e.g. 2025-06-01T12:00:00Z.' });

function scalar(name: string): z.ZodType {
  switch (name) {
    case 'String':
    case 'ID':
      return z.string();
    case 'Int':
      return z.number().int().min(-INT32).max(INT32 - 1);
    case 'Float':
      return z.number();
    case 'Boolean':
      return z.boolean();
    case 'DateTime':
      return dateTime();
    case 'JSON':
      return jsonValue();
    default:
      return z.string().describe(`A ${name} value.`);
  }
}

function named(type: GraphQLNamedInputType, depth: number): z.ZodType {
  if (isScalarType(type)) return scalar(type.name);
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return z.enum(values as [string, ...string[]]);
  }
  if (depth >= MAX_DEPTH) throw new InputTypeError(`input type ${type.name} nests deeper than ${MAX_DEPTH} levels`);
  const fields = Object.values(type.getFields());
  const shape: Record<string, z.ZodType> = {};
  for (const f of fields) {
    const hasDefault = f.defaultValue !== undefined;
    shape[f.name] = describe(inputSchema(f.type, depth + 1, hasDefault), f.description, hasDefault ? f.defaultValue : undefined);
  }
  const object = z.strictObject(shape);
  return type.description ? object.describe(type.description) : object;
}

/** The zod schema of a GraphQL input type; nullable (or defaulted) types become optional. */
export function inputSchema(type: GraphQLInputType, depth = 0, optional = false): z.ZodType {
  if (isNonNullType(type)) {
    const inner = isListType(type.ofType) ? z.array(inputSchema(type.ofType.ofType, depth + 1)) : named(type.ofType as GraphQLNamedInputType, depth);
    return optional ? omittable(inner) : inner;
  }
  return omittable(isListType(type) ? z.array(inputSchema(type.ofType, depth + 1)) : named(type, depth));
}

/** Absent or null; null becomes "not given", so GraphQL applies the field's default (OpenAI sends null for every unset field). */
const omittable = (schema: z.ZodType): z.ZodType => schema.nullish().transform((v) => v ?? undefined);

/** Adds a description (and the default, which agents should know) to a schema. */
export function describe(schema: z.ZodType, description: string | null | undefined, defaultValue?: unknown): z.ZodType {
  const parts = [description?.trim(), schema.description, defaultValue !== undefined ? `Default: ${JSON.stringify(defaultValue)}.` : undefined].filter(Boolean);
  return parts.length ? schema.describe(parts.join(' ')) : schema;
}
