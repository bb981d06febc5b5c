// Depth, alias, directive and token limits (graphql-armor's rules), each rejected with the same
// coded error: QUERY_TOO_COMPLEX with `extensions.limit`, `max` and the HTTP status 400.
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesPlugin } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import type { GraphQLError, ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { GraphqlLimits } from '../../config/security.ts';
import { ErrorCode, clientError } from '../../errors.ts';

export type LimitName = 'depth' | 'aliases' | 'directives' | 'tokens' | 'cost';

export function limitError(limit: LimitName, max: number, message: string): GraphQLError {
  const err = clientError(ErrorCode.QUERY_TOO_COMPLEX, message, 400);
  Object.assign(err.extensions, { limit, max });
  return err;
}

/** armor options that report our coded error instead of throwing its own "Syntax Error: ...". */
function reporting(limit: LimitName, n: number, what: string) {
  return {
    n,
    exposeLimits: true,
    propagateOnRejection: false,
    onReject: [
      (ctx: ValidationContext | null) => ctx?.reportError(limitError(limit, n, `the operation exceeds the limit of ${n} ${what}`)),
    ],
  };
}

/** Counts tokens while parsing and stops at the limit, before the rest of the document is read. */
function useMaxTokens(n: number): Plugin {
  return {
    onParse({ setParseFn }) {
      setParseFn((source, options) => {
        try {
          return new MaxTokensParserWLexer(source, { ...options, n }).parseDocument();
        } catch (err) {
          if ((err as Error).message.includes('Token limit')) throw limitError('tokens', n, `the document exceeds the limit of ${n} tokens`);
          throw err;
        }
      });
    },
  };
}

export function useQueryLimits(limits: GraphqlLimits): Plugin[] {
  return [
    useMaxTokens(limits.maxTokens),
    // Flattened: a fragment adds no level, so moving fields into one never changes the depth.
    maxDepthPlugin({ ...reporting('depth', limits.maxDepth, 'levels of nesting'), flattenFragments: true }) as Plugin,
    maxAliasesPlugin(reporting('aliases', limits.maxAliases, 'aliases')) as Plugin,
    maxDirectivesPlugin(reporting('directives', limits.maxDirectives, 'directives')) as Plugin,
  ];
}
