// Cost limit: how many fields an operation may resolve, with list sizes taken from arguments, so
// `customers(ids: [1000 ids]) { events(limit: 1000) { ... } }` is refused before it runs.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type FieldNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphqlLimits } from '../../config/security.ts';
import { limitError } from './limits.ts';

/** Arguments that bound a list's size, in order of preference. */
const SIZE_ARGS = ['limit', 'k', 'first', 'last'] as const;

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  defaultListSize: number;
  /** Set when a list size came from a variable: the cost then differs from request to request. */
  usesVariables: boolean;
}

const hasVariable = (v: ValueNode): boolean =>
  v.kind === Kind.VARIABLE || (v.kind === Kind.LIST && v.values.some(hasVariable)) || (v.kind === Kind.OBJECT && v.fields.some((f) => hasVariable(f.value)));

function argumentsOf(w: Walk, field: GraphQLField<unknown, unknown>, sel: FieldNode): Record<string, unknown> {
  if (field.args.length === 0) return {};
  if (sel.arguments?.some((a) => hasVariable(a.value))) w.usesVariables = true;
  return getArgumentValues(field, sel, w.variables);
}

/** Items a list field yields: a size argument, else a list argument's length, else the default. */
export function listSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>, fallback: number): number {
  for (const name of SIZE_ARGS) {
    const v = args[name];
    if (typeof v === 'number' && Number.isFinite(v)) return Math.max(0, v);
  }
  const lists = field.args.filter((a) => isListType(getNullableType(a.type)) && Array.isArray(args[a.name]));
  if (lists.length === 1) return (args[lists[0]!.name] as unknown[]).length;
  return fallback;
}

function selectionCost(w: Walk, type: GraphQLCompositeType, set: SelectionSetNode, times: number): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const frag = w.fragments.get(sel.name.value);
      const on = frag && w.schema.getType(frag.typeCondition.name.value);
      if (frag && on && isCompositeType(on)) cost += selectionCost(w, on, frag.selectionSet, times);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const on = sel.typeCondition ? w.schema.getType(sel.typeCondition.name.value) : type;
      if (on && isCompositeType(on)) cost += selectionCost(w, on, sel.selectionSet, times);
    } else if (!sel.name.value.startsWith('__') && 'getFields' in type) {
      const field = type.getFields()[sel.name.value];
      if (!field) continue;
      cost += times;
      const child = getNamedType(field.type);
      if (!sel.selectionSet || !isCompositeType(child)) continue;
      const many = isListType(getNullableType(field.type)) ? listSize(field, argumentsOf(w, field, sel), w.defaultListSize) : 1;
      cost += selectionCost(w, child, sel.selectionSet, times * many);
    }
  }
  return cost;
}

/** The operation's cost, or null when it cannot be computed (execution then reports why). */
export function operationCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, defaultListSize: number): number | null {
  return costOf(schema, document, operationName, variables, defaultListSize).cost;
}

function costOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, defaultListSize: number): { cost: number | null; constant: boolean } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const ops = [];
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION) ops.push(def);
  }
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
  const root = op && schema.getRootType(op.operation);
  if (!op || !root) return { cost: null, constant: false };
  const walk: Walk = { schema, fragments, variables, defaultListSize, usesVariables: false };
  try {
    return { cost: selectionCost(walk, root, op.selectionSet, 1), constant: !walk.usesVariables };
  } catch {
    return { cost: null, constant: false };
  }
}

/**
 * Costs that no variable changes, per (parsed, hence cached) document and operation name: most
 * requests repeat a few documents with only ids as variables.
 */
class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, Map<string, number>>();

  cost(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown>, defaultListSize: number): number | null {
    const known = this.byDocument.get(document)?.get(operationName ?? '');
    if (known !== undefined) return known;
    const { cost, constant } = costOf(schema, document, operationName, variables, defaultListSize);
    if (cost !== null && constant) {
      let byName = this.byDocument.get(document);
      if (!byName) this.byDocument.set(document, (byName = new Map()));
      byName.set(operationName ?? '', cost);
    }
    return cost;
  }
}

export function useCostLimit(limits: GraphqlLimits): Plugin {
  const costs = new CostCache();
  const check = ({ args, setResultAndStopExecution }: { args: { schema: GraphQLSchema; document: DocumentNode; operationName?: string | null; variableValues?: Record<string, unknown> | null }; setResultAndStopExecution: (r: { errors: readonly Error[] }) => void }) => {
    const cost = costs.cost(args.schema, args.document, args.operationName, args.variableValues ?? {}, limits.defaultListSize);
    if (cost !== null && cost > limits.maxCost) {
      const err = limitError('cost', limits.maxCost, `the operation's cost ${cost} exceeds the limit of ${limits.maxCost} (list sizes come from limit, k, first, last or list arguments)`);
      Object.assign(err.extensions, { cost });
      setResultAndStopExecution({ errors: [err] });
    }
  };
  return { onExecute: check, onSubscribe: check } as Plugin;
}
