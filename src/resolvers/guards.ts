// Small checks shared by resolvers: scopes and argument ranges, each a clear client error.
import { ErrorCode, clientError, userInputError } from '../errors.ts';
import type { RequestContext, Scope } from '../server/services.ts';

export function requireScope(ctx: RequestContext, scope: Scope): void {
  if (!ctx.scopes.has(scope) && !ctx.scopes.has('admin')) {
    throw clientError(ErrorCode.FORBIDDEN, `this API key lacks the "${scope}" scope`, 403);
  }
}

export function intInRange(name: string, value: number, min: number, max: number): number {
  if (value < min || value > max) throw userInputError(`${name} must be between ${min} and ${max}, got ${value}`, { argument: name });
  return value;
}

/** `asOf` as ms, refusing times in the future (they would only mean "now" with missing data). */
export function asOfMs(ctx: RequestContext, asOf: Date | null | undefined): number | null {
  if (!asOf) return null;
  return Math.min(asOf.getTime(), ctx.now);
}
