// graphql-jit for queries and mutations only. graphql-jit 0.8.9 calls a subscription field's
// `subscribe` with the operation's *variables* in place of its arguments, so
// `events(customerId: "c1")` would see no customerId and stream every customer of the tenant.
import { useGraphQlJit } from '@envelop/graphql-jit';
import { getOperationAST, type ExecutionArgs } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const isSubscription = (args: ExecutionArgs): boolean => getOperationAST(args.document, args.operationName)?.operation === 'subscription';

export function useJit(): Plugin {
  return useGraphQlJit({}, { enableIf: (args) => !isSubscription(args) }) as Plugin;
}
