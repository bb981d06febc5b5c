// A tool made from a GraphQL operation (a plugin's `.graphql` file): the leading comment is its
// description, `# comments` right above a variable describe that variable, the variables become
// its input schema, and running it executes the operation as the caller.
import { Kind, TokenKind, parse, typeFromAST, validate, valueFromASTUntyped, type DocumentNode, type GraphQLInputType, type GraphQLSchema, type Location, type OperationDefinitionNode } from 'graphql';
import { z } from 'zod';
import { describe, inputSchema, InputTypeError } from './input-schema.ts';
import { TOOL_NAME, type ToolDefinition } from './types.ts';

export class ToolDocumentError extends Error {}

/** The `#` comment lines directly before a node, in order. */
function leadingComment(loc: Location | undefined): string {
  const lines: string[] = [];
  for (let t = loc?.startToken.prev; t && t.kind === TokenKind.COMMENT; t = t.prev) lines.unshift((t.value ?? '').trim());
  return lines.join(' ').replace(/\s+/g, ' ').trim();
}

/** GetLoyaltyStatus -> get_loyalty_status */
export const snakeCase = (name: string): string =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .toLowerCase();

function theOperation(document: DocumentNode): OperationDefinitionNode {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1) throw new ToolDocumentError(`a tool document holds exactly one operation, found ${ops.length}`);
  const op = ops[0]!;
  if (op.operation === 'subscription') throw new ToolDocumentError('a subscription cannot be a tool; use a query or a mutation');
  return op;
}

function variablesSchema(op: OperationDefinitionNode, schema: GraphQLSchema): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const v of op.variableDefinitions ?? []) {
    const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
    const name = v.variable.name.value;
    if (!type) throw new ToolDocumentError(`variable $${name} has an unknown type`);
    const hasDefault = v.defaultValue !== undefined;
    try {
      const defaultValue = v.defaultValue ? valueFromASTUntyped(v.defaultValue) : undefined;
      shape[name] = describe(inputSchema(type, 0, hasDefault), leadingComment(v.loc) || undefined, defaultValue);
    } catch (err) {
      if (err instanceof InputTypeError) throw new ToolDocumentError(`variable $${name}: ${err.message}`);
      throw err;
    }
  }
  return z.strictObject(shape);
}

export interface OperationToolSource {
  /** The GraphQL source text. */
  document: string;
  /** @default the operation's name in snake_case */
  name?: string | undefined;
  /** The plugin that adds it. */
  source: string;
}

/** Builds and checks (against the gateway's schema) a tool from an operation; throws ToolDocumentError. */
export function operationTool(src: OperationToolSource, schema: GraphQLSchema): ToolDefinition {
  let document: DocumentNode;
  try {
    document = parse(src.document);
  } catch (err) {
    throw new ToolDocumentError(`not valid GraphQL: ${(err as Error).message}`);
  }
  const op = theOperation(document);
  const problems = validate(schema, document);
  if (problems.length) throw new ToolDocumentError(`does not match the gateway's schema: ${problems.map((p) => p.message).join('; ')}`);
  const name = src.name ?? (op.name ? snakeCase(op.name.value) : undefined);
  if (!name) throw new ToolDocumentError('name the operation (e.g. `query GetLoyalty(...)`) or give the tool a name');
  if (!TOOL_NAME.test(name)) throw new ToolDocumentError(`tool name "${name}" must match ${TOOL_NAME.source}`);
  const description = leadingComment(document.definitions[0]?.loc);
  if (!description) throw new ToolDocumentError(`tool "${name}" needs a description: start the document with # comment lines telling an LLM when to call it and what it returns`);
  return {
    name,
    title: op.name?.value ?? name,
    description,
    input: variablesSchema(op, schema),
    scope: op.operation === 'mutation' ? 'write' : 'read',
    source: src.source,
    async run(args, execute) {
      const data = await execute(document, args);
      return { text: [JSON.stringify(data, null, 2)], data };
    },
  };
}
