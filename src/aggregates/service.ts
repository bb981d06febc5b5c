// The gateway's side of aggregations: compiles every plugin's declarations once, hands the write
// ops to the applier, and reads many customers' values in one pipeline round trip.
import type { Redis } from 'ioredis';
import { PluginError } from '../errors.ts';
import type { GatewayEvent } from '../events/types.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import { readBatcher } from '../redis/batch.ts';
import type { RedisOp } from '../apply/ops.ts';
import { compileAggregations, type CompiledAggregations } from './compile.ts';
import { AggregationSpecError } from './errors.ts';
import { planRead, type AggregateValue } from './read.ts';
import { opsFor } from './write.ts';

export interface AggregateQuery {
  base: string;
  names?: readonly string[] | null;
  /** ms; now when null. */
  asOf: number | null;
}

export class AggregateService {
  readonly compiled: CompiledAggregations;
  /** Aggregation name -> the plugin that declared it. */
  readonly sourceOf = new Map<string, string>();

  constructor(
    private readonly redis: Redis,
    registry: PluginRegistry,
    readonly retentionMs: number,
  ) {
    for (const p of registry.plugins) {
      try {
        compileAggregations(p.def.aggregations ?? [], { retentionMs });
      } catch (err) {
        if (err instanceof AggregationSpecError) throw new PluginError(p.def.name, `invalid aggregations: ${err.problems.join('; ')}`);
        throw err;
      }
      for (const spec of p.def.aggregations ?? []) {
        const owner = this.sourceOf.get(spec.name);
        if (owner) throw new PluginError(p.def.name, `aggregation "${spec.name}" is already declared by "${owner}"`);
        this.sourceOf.set(spec.name, p.def.name);
      }
    }
    this.compiled = compileAggregations(registry.plugins.flatMap((p) => p.def.aggregations ?? []), { retentionMs });
  }

  /** Whether the event would update any aggregation (such events are refused past the horizon). */
  touches(event: GatewayEvent): boolean {
    return (this.compiled.byType.get(event.type)?.length ?? 0) > 0;
  }

  ops(event: GatewayEvent): RedisOp[] {
    return opsFor(this.compiled, event);
  }

  /** Many customers' aggregates, sharing the turn's pipeline with every other store read. */
  async read(queries: readonly AggregateQuery[], now: number): Promise<AggregateValue[][]> {
    const plans = queries.map((q) => planRead(this.compiled, q.base, { names: q.names ?? undefined, asOfMs: q.asOf ?? undefined, nowMs: now }));
    const replies = await readBatcher(this.redis).run((p) => {
      for (const plan of plans) for (const [cmd, ...args] of plan.commands) p.call(cmd, ...args);
    });
    let at = 0;
    return plans.map((plan) => {
      const mine = replies.slice(at, (at += plan.commands.length));
      const failed = mine.find(([err]) => err);
      if (failed) throw failed[0];
      return plan.decode(mine.map(([, value]) => value));
    });
  }
}
