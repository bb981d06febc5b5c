// Customer.context as a service: holds the scoring options and the extra provider factories.
import type { Config } from '../config/schema.ts';
import type { RequestContext } from '../server/services.ts';
import { assemble, type AssembleOptions } from './assemble.ts';
import { providersFor, type ProviderFactory } from './providers/index.ts';
import type { AssembledContext } from './types.ts';

export interface ContextArgs {
  customerId: string;
  question: string | null;
  maxTokens: number;
  asOf: number | null;
  sources: readonly string[] | null;
}

export class ContextService {
  readonly extraProviders: ProviderFactory[] = [];
  readonly options: AssembleOptions;

  constructor(readonly config: Config['context']) {
    this.options = { deadlineMs: config.deadline, halfLifeMs: config.halfLife, weights: config.weights, trust: config.trust };
  }

  /** Names accepted by `sources:`. */
  sourceNames(ctx: RequestContext): string[] {
    return providersFor(ctx, this.extraProviders).map((p) => p.name);
  }

  build(ctx: RequestContext, args: ContextArgs): Promise<AssembledContext> {
    const providers = providersFor(ctx, this.extraProviders);
    return assemble(providers, { ...args, tenant: ctx.tenant, now: ctx.now }, this.options);
  }
}
