// DateTime (ISO-8601 in and out) and JSON (any value) scalars.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

function toDate(value: unknown): Date {
  if (typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new GraphQLError(`DateTime must be an ISO-8601 string such as 2026-11-22T09:30:00Z, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 date-time, e.g. 2026-11-22T09:30:00.000Z',
  serialize: (v) => (v instanceof Date ? v.toISOString() : typeof v === 'number' ? new Date(v).toISOString() : toDate(v).toISOString()),
  parseValue: toDate,
  parseLiteral: (ast) => toDate(ast.kind === Kind.STRING ? ast.value : undefined),
});

function literal(ast: ValueNode, vars: Record<string, unknown> | null | undefined): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return ast.values.map((v) => literal(v, vars));
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literal(f.value, vars)]));
    case Kind.VARIABLE:
      return vars?.[ast.name.value];
    default:
      return undefined;
  }
}

export const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  description: 'Any JSON value',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast, vars) => literal(ast, vars),
});
