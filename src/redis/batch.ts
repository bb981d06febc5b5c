// Read batching across loaders and requests: every store read queued in one turn of the event loop
// shares one pipeline, so a busy gateway sends one socket write (and pays one round trip) per turn
// rather than one per DataLoader batch. Per-request DataLoaders still decide *what* is read.
import type { ChainableCommander, Redis } from 'ioredis';

export type Reply = [Error | null, unknown];

interface Turn {
  pipeline: ChainableCommander;
  done: Promise<Reply[]>;
}

export class ReadBatcher {
  private turn: Turn | undefined;

  constructor(private readonly redis: Redis) {}

  /** Adds commands to this turn's pipeline; resolves with their replies, in order. */
  async run(add: (p: ChainableCommander) => void): Promise<Reply[]> {
    const turn = (this.turn ??= this.open());
    const start = turn.pipeline.length;
    add(turn.pipeline);
    const end = turn.pipeline.length;
    const replies = await turn.done;
    return replies.slice(start, end);
  }

  private open(): Turn {
    const pipeline = this.redis.pipeline();
    // setImmediate (like ioredis' auto-pipelining) lets every request in this turn add its reads.
    const done = new Promise<Reply[]>((resolve, reject) => {
      setImmediate(() => {
        this.turn = undefined;
        pipeline.exec().then((r) => resolve((r ?? []) as Reply[]), reject);
      });
    });
    return { pipeline, done };
  }
}

const batchers = new WeakMap<Redis, ReadBatcher>();

/** The connection's shared batcher, so every store on one connection joins the same pipeline. */
export function readBatcher(redis: Redis): ReadBatcher {
  let b = batchers.get(redis);
  if (!b) batchers.set(redis, (b = new ReadBatcher(redis)));
  return b;
}
