// Realtime fetchers: third-party reads with timeout, Redis cache, safe retries, breaker and cap.
export { defineFetcher, type BreakerOptions, type Duration, type FetchContext, type Fetched, type FetcherDefinition, type FetcherSettings } from './types.ts';
export { MalformedResponseError, RealtimeCode, RealtimeSourceError, SourceUnavailableError, UpstreamError } from './errors.ts';
export { fetchJson, parseRetryAfter, type FetchJsonOptions } from './http.ts';
export { RealtimeLoaders, RealtimeService, type FetcherStatus } from './service.ts';
