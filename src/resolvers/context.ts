// Customer.context: the assembled, token-bounded context an LLM receives.
import { userInputError } from '../errors.ts';
import type { RequestContext } from '../server/services.ts';
import type { CustomerParent } from './customer.ts';
import { asOfMs, intInRange } from './guards.ts';

interface ContextArgs {
  question?: string | null;
  maxTokens: number;
  asOf?: Date | null;
  sources?: string[] | null;
}

export const contextResolvers = {
  Customer: {
    context: (c: CustomerParent, args: ContextArgs, ctx: RequestContext) => {
      const service = ctx.services.context;
      const maxTokens = intInRange('maxTokens', args.maxTokens, 1, service.config.maxTokensLimit);
      const question = args.question?.trim() || null;
      if (question && question.length > 4000) throw userInputError(`question is ${question.length} characters; the limit is 4000`, { argument: 'question' });
      if (args.sources) {
        const known = service.sourceNames(ctx);
        const unknown = args.sources.filter((s) => !known.includes(s));
        if (unknown.length) throw userInputError(`unknown sources ${unknown.map((s) => `"${s}"`).join(', ')}; known: ${known.join(', ')}`, { argument: 'sources' });
      }
      return service.build(ctx, { customerId: c.id, question, maxTokens, asOf: asOfMs(ctx, args.asOf), sources: args.sources ?? null });
    },
  },
};
