// Named errors of the aggregates engine; codes live here so callers can switch on them.

export const AggregateErrorCode = {
  /** A declaration failed validation (bad window, tile, function/field combination, ...). */
  SPEC_INVALID: 'AGGREGATION_INVALID',
  /** A Redis reply did not have the shape the read plan expects. */
  BAD_REPLY: 'AGGREGATE_BAD_REPLY',
} as const;
export type AggregateErrorCode = (typeof AggregateErrorCode)[keyof typeof AggregateErrorCode];

export class AggregateError extends Error {
  constructor(
    readonly code: AggregateErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Every problem of one or more declarations, reported at once. */
export class AggregationSpecError extends AggregateError {
  constructor(readonly problems: string[]) {
    super(AggregateErrorCode.SPEC_INVALID, `invalid aggregation:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}
