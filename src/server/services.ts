// The long-lived services a gateway shares between requests; resolvers reach them via the context.
import type { AggregateService } from '../aggregates/service.ts';
import type { AttributeFreshness, AttributeStore } from '../attributes/store.ts';
import type { ContextService } from '../context/service.ts';
import type { CustomerStore } from '../customers/store.ts';
import type { DocumentService } from '../documents/service.ts';
import type { Ingestor } from '../ingest/ingest.ts';
import type { Logger } from '../logger.ts';
import type { MemoryStore } from '../memory/store.ts';
import type { PluginRegistry } from '../plugins/registry.ts';
import type { RealtimeService } from '../realtime/service.ts';
import type { SourceStats } from '../sources/stats.ts';
import type { TimelineStore } from '../timeline/store.ts';
import type { EventBus } from './pubsub.ts';

export type Scope = 'read' | 'write' | 'admin';

export interface Services {
  prefix: string;
  log: Logger;
  registry: PluginRegistry;
  attributes: AttributeStore;
  freshness: AttributeFreshness;
  timeline: TimelineStore;
  aggregates: AggregateService;
  customers: CustomerStore;
  memory: MemoryStore;
  context: ContextService;
  realtime: RealtimeService;
  documents: DocumentService;
  memoryTextMax: number;
  ingestor: Ingestor;
  stats: SourceStats;
  bus: EventBus;
  maxBatchEvents: number;
}

/** What every resolver receives as `context` (besides yoga's own fields). */
export interface RequestContext {
  tenant: string;
  scopes: ReadonlySet<Scope>;
  services: Services;
  loaders: import('../loaders/index.ts').Loaders;
  now: number;
}
