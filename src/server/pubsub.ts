// Applied events and alerts fan out through Redis pub/sub, so every replica's subscribers see them.
import { createRedisEventTarget } from '@graphql-yoga/redis-event-target';
import { createPubSub, type PubSub } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import type { StoredEvent } from '../events/types.ts';

export type Topic = 'events' | 'alerts';

export class EventBus {
  private readonly pubsub: PubSub<Record<string, [string, StoredEvent[]]>>;

  constructor(
    publish: Redis,
    subscribe: Redis,
    private readonly prefix: string,
  ) {
    const eventTarget = createRedisEventTarget({ publishClient: publish, subscribeClient: subscribe });
    this.pubsub = createPubSub({ eventTarget }) as typeof this.pubsub;
  }

  /** Channels carry the key prefix, so two gateways on one Redis with different prefixes stay apart. */
  private channel(topic: Topic): string {
    return `${this.prefix}:${topic}`;
  }

  /** One message per batch keeps publish cost flat under load. */
  publish(topic: Topic, tenant: string, events: StoredEvent[]): void {
    if (events.length) this.pubsub.publish(this.channel(topic), tenant, events);
  }

  /** Events of a tenant one at a time, filtered. */
  async *subscribe(topic: Topic, tenant: string, keep: (e: StoredEvent) => boolean): AsyncGenerator<StoredEvent> {
    for await (const batch of this.pubsub.subscribe(this.channel(topic), tenant)) {
      for (const e of batch) if (keep(e)) yield e;
    }
  }
}
