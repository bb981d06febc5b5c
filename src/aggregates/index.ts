// The streaming-aggregates engine: declare (spec), compile, write (ops for the apply script), read.
export { AGG_FUNCTIONS, AggregationSpecSchema, type AggEvent, type AggFilter, type AggFunction, type AggregationSpec } from './spec.ts';
export { compileAggregations, type CompiledAggregation, type CompiledAggregations, type CompileOptions } from './compile.ts';
export { aggregationOps, opsFor } from './write.ts';
export {
  LIFETIME_BEFORE_NEWEST,
  planRead,
  readAggregates,
  type AggregateValue,
  type Freshness,
  type ReadOptions,
  type ReadPlan,
  type RedisCommand,
} from './read.ts';
export { AggregateError, AggregateErrorCode, AggregationSpecError } from './errors.ts';
export { formatDuration, parseDuration } from './duration.ts';
