// The events queue: accepted events are added in batches; `wait` follows the jobs to completion.
import { Queue, QueueEvents, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { createRedis } from '../redis/connection.ts';
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

  /** Adds one job per chunk of events. */
  async add(tenant: string, chunks: unknown[][]): Promise<Job<JobData, JobResult>[]> {
    return this.queue.addBulk(chunks.map((events) => ({ name: JOB_NAME, data: { v: 1, tenant, events } })));
  }

  /** Resolves when every job has been applied; rejects with the job's failure reason. */
  async waitFor(jobs: Job<JobData, JobResult>[]): Promise<JobResult[]> {
    this.events ??= new QueueEvents(this.o.name, { connection: createRedis(this.o.redisUrl, { maxRetriesPerRequest: null }) });
    await this.events.waitUntilReady();
    return Promise.all(jobs.map((j) => j.waitUntilFinished(this.events!, this.o.waitTimeoutMs ?? 30_000)));
  }

  async close(): Promise<void> {
    await this.events?.close();
    await this.queue.close();
  }
}
