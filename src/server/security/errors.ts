// Every error a client sees carries a stable `extensions.code`, and field suggestions ("Did you
// mean ...?") are stripped where they would leak the schema (production by default).
import { createGraphQLError, mapAsyncIterator } from '@graphql-tools/utils';
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../../errors.ts';

const SUGGESTION = /\s*Did you mean [^?]*\?/g;

/** Errors built by graphql-js itself without a code: bad variables are the client's input. */
function defaultCode(err: GraphQLError): string {
  if (err.message.startsWith('Variable "$')) return ErrorCode.BAD_USER_INPUT;
  return err.path ? ErrorCode.BAD_REQUEST : ErrorCode.GRAPHQL_VALIDATION_FAILED;
}

export function cleanError(err: GraphQLError, suggestions: boolean): GraphQLError {
  const message = suggestions ? err.message : err.message.replace(SUGGESTION, '').trim();
  if (message === err.message && typeof err.extensions?.code === 'string') return err;
  return createGraphQLError(message, {
    nodes: err.nodes,
    source: err.source,
    positions: err.positions,
    path: err.path,
    originalError: err.originalError,
    extensions: { ...err.extensions, code: err.extensions?.code ?? defaultCode(err) },
  });
}

export function cleanResult<R extends ExecutionResult>(result: R, suggestions: boolean): R {
  return result.errors?.length ? { ...result, errors: result.errors.map((e) => cleanError(e, suggestions)) } : result;
}

export function useErrorHygiene(o: { suggestions: boolean }): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((r) => cleanResult(r, o.suggestions)));
      else if (Symbol.asyncIterator in result) setResult(mapAsyncIterator(result, (r) => cleanResult(r, o.suggestions)));
      else setResult(cleanResult(result, o.suggestions));
    },
  };
}
