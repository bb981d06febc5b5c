// The package's public API: build a gateway, write plugins, type a config file.
export { createGateway, type Gateway, type GatewayOptions } from './server/gateway.ts';
export {
  definePlugin,
  type PluginDefinition,
  type EventTypeDefinition,
  type HandlerContext,
  type PluginSetupContext,
  type EventInput,
  type PluginRuntime,
  type PluginRequestContext,
  type PluginResolvers,
  type ImportContext,
} from './plugins/types.ts';
export type { DemoContext, DemoCustomer, DemoRandom } from './demo/types.ts';
export type { DocumentChange, DocumentDeletion, DocumentInput } from './documents/types.ts';
export { defineConfig, loadConfig, parseConfig } from './config/load.ts';
export type { Config, ConfigInput } from './config/schema.ts';
export type { GatewayEvent, StoredEvent, IngestResult, Rejection } from './events/types.ts';
export type { RequestContext, Services } from './server/services.ts';
export {
  defineFetcher,
  fetchJson,
  RealtimeCode,
  RealtimeSourceError,
  UpstreamError,
  MalformedResponseError,
  SourceUnavailableError,
  type FetcherDefinition,
  type FetcherSettings,
  type FetchContext,
  type Fetched,
} from './realtime/index.ts';
