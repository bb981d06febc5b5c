// The events queue: accepted events are added in batches; `wait` follows the jobs to completion.
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { redisOptionsFromUrl } from '../redis/connection.ts';
import { JOB_NAME, type JobData, type JobResult } from './jobs.ts';

export interface EventQueueOptions {
  name: string;
  redisUrl: string;
  connection: Redis;
  attempts: number;
  /** How long `wait` waits for a job before giving up. @default 30s */
  waitTimeoutMs?: number;
}

export class EventQueue {
  readonly queue: Queue<JobData, JobResult>;
  private events: QueueEvents | undefined;

  constructor(private readonly o: EventQueueOptions) {
    this.queue = new Queue<JobData, JobResult>(o.name, {
      connection: o.connection,
      defaultJobOptions: {
        attempts: o.attempts,
        backoff: { type: 'exponential', delay: 200 },
        removeOnComplete: { count: 1000 },
        removeOnFail: false,
      },
    });
  }

  /** Adds one job per chunk of events; `validated` only for events the gateway validated itself. */
  async add(tenant: string, chunks: unknown[][], opts: { validated?: boolean } = {}): Promise<Job<JobData, JobResult>[]> {
    const mark = opts.validated ? { validated: true as const } : {};
    return this.queue.addBulk(chunks.map((events) => ({ name: JOB_NAME, data: { v: 1, tenant, events, ...mark } })));
  }

  /**
   * Resolves when every job has been applied; rejects with the job's failure reason.
   * QueueEvents can miss a completion that lands before its first stream read, so a slow poll
   * of the job's state backs it up.
   */
  async waitFor(jobs: Job<JobData, JobResult>[]): Promise<JobResult[]> {
    this.events ??= new QueueEvents(this.o.name, { connection: redisOptionsFromUrl(this.o.redisUrl, { maxRetriesPerRequest: null }) });
    await this.events.waitUntilReady();
    const ttl = this.o.waitTimeoutMs ?? 30_000;
    return Promise.all(
      jobs.map(async (j) => {
        const stop = { done: false };
        try {
          return await Promise.race([j.waitUntilFinished(this.events!, ttl), this.poll(j.id!, ttl, stop)]);
        } finally {
          stop.done = true;
        }
      }),
    );
  }

  private async poll(id: string, ttl: number, stop: { done: boolean }): Promise<JobResult> {
    const until = Date.now() + ttl;
    while (Date.now() < until && !stop.done) {
      await new Promise((r) => setTimeout(r, 200));
      const job = await this.queue.getJob(id);
      if (job?.finishedOn && job.failedReason && job.attemptsMade >= (job.opts.attempts ?? 1)) throw new Error(job.failedReason);
      if (job?.finishedOn && !job.failedReason) return job.returnvalue;
    }
    if (stop.done) return new Promise<never>(() => {});
    throw new Error(`job ${id} was not applied within ${ttl} ms`);
  }

  async close(): Promise<void> {
    await this.events?.waitUntilReady().catch(() => {});
    await this.events?.close();
    await this.queue.waitUntilReady().catch(() => {});
    await this.queue.close();
  }
}
