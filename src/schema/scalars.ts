// DateTime (ISO-8601 in and out) and JSON (any value) scalars.
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/i;

function toDate(value: unknown): Date {
  if (typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  throw new GraphQLError(`DateTime must be an ISO-8601 string such as 2026-11-22T09:30:00Z, got ${JSON.stringify(value)}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** `toISOString`'s own form, as stored event times are: serializing one returns it unchanged. */
const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Skips the parse and re-format (most of a timeline read's serialize cost); Date would roll 02-30 over, so days are checked. */
function isCanonical(v: string): boolean {
  const m = CANONICAL.exec(v);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
}

export const DateTime = new GraphQLScalarType({
  name: 'DateTime',
  description: 'ISO-8601 date-time, e.g. 2026-11-22T09:30:00.000Z',
  serialize: (v) =>
    v instanceof Date
      ? v.toISOString()
      : typeof v === 'number'
        ? new Date(v).toISOString()
        : typeof v === 'string' && isCanonical(v)
          ? v
          : toDate(v).toISOString(),
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
