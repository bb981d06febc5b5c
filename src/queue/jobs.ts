// The job format on the events queue. Other services may add jobs directly with BullMQ, in this
// shape (docs/queue.md); the worker validates every event again, so a bad one is rejected, not lost.
import { z } from 'zod';

export const JOB_NAME = 'events';

export const jobDataSchema = z.object({
  /** Format version. */
  v: z.literal(1).default(1),
  tenant: z.string().min(1),
  /** Raw events as in `POST /v1/events`. */
  events: z.array(z.unknown()).min(1),
  /**
   * Set only by the gateway's own ingestor: its events were validated there and are already in
   * the stored shape (epoch-ms timestamp, parsed payload), so the worker does not validate them
   * again. Jobs other services add leave it out and are validated event by event.
   */
  validated: z.literal(true).optional(),
});

export type JobData = z.input<typeof jobDataSchema>;

/** What a finished job returns (visible in BullMQ as the job's return value). */
export interface JobResult {
  applied: number;
  duplicates: number;
  rejected: { index: number; id: string | null; code: string; message: string }[];
}
