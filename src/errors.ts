// Error codes in one place. Internal failures are named Error subclasses; client-facing errors are
// GraphQLErrors with a stable `extensions.code`, made by the factories at the bottom.
import { GraphQLError } from 'graphql';

export const ErrorCode = {
  CONFIG_INVALID: 'CONFIG_INVALID',
  PLUGIN_INVALID: 'PLUGIN_INVALID',
  BAD_REQUEST: 'BAD_REQUEST',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  /** Over a depth, alias, directive, token or cost limit; `extensions.limit` says which. */
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
  GRAPHQL_VALIDATION_FAILED: 'GRAPHQL_VALIDATION_FAILED',
  SOURCE_FAILED: 'SOURCE_FAILED',
  INTERNAL: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes of per-event rejections, as they appear in `Rejection.code`. */
export const RejectCode = {
  INVALID_JSON: 'INVALID_JSON',
  INVALID_EVENT: 'INVALID_EVENT',
  INVALID_PAYLOAD: 'INVALID_PAYLOAD',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  FUTURE_TIMESTAMP: 'FUTURE_TIMESTAMP',
  TOO_OLD: 'TOO_OLD',
  BATCH_TOO_LARGE: 'BATCH_TOO_LARGE',
  FORBIDDEN_TENANT: 'FORBIDDEN_TENANT',
} as const;
export type RejectCode = (typeof RejectCode)[keyof typeof RejectCode];

export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ConfigError extends GatewayError {
  constructor(readonly problems: string[]) {
    super(ErrorCode.CONFIG_INVALID, `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export class PluginError extends GatewayError {
  constructor(
    readonly plugin: string,
    problem: string,
  ) {
    super(ErrorCode.PLUGIN_INVALID, `plugin "${plugin}": ${problem}`);
  }
}

export class PayloadTooLargeError extends GatewayError {
  constructor(limit: number) {
    super(ErrorCode.PAYLOAD_TOO_LARGE, `request body is larger than the limit of ${limit} bytes`);
  }
}

export const userInputError = (message: string, extra: Record<string, unknown> = {}): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, ...extra } });

export const clientError = (code: ErrorCode, message: string, http?: number, headers?: Record<string, string>): GraphQLError =>
  new GraphQLError(message, { extensions: { code, ...(http ? { http: { status: http, ...(headers ? { headers } : {}) } } : {}) } });
