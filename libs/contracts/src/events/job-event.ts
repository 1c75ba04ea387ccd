import type { FromSchema } from 'json-schema-to-ts';
import { TYPE_NAMESPACE, type CloudEvent } from '../envelope/cloud-event';
import type { jobErrorSchema } from '../schemas/common.schema';

/** Names of the job events, in the order a job normally meets them. */
export const JOB_EVENT_NAMES = [
  'queued',
  'started',
  'progress',
  'retrying',
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
] as const;
export type JobEventName = (typeof JOB_EVENT_NAMES)[number];

/** History entries of webhook delivery attempts (recorded by status, never published). */
export const WEBHOOK_HISTORY_NAMES = ['webhook.delivered', 'webhook.failed'] as const;
export type WebhookHistoryName = (typeof WEBHOOK_HISTORY_NAMES)[number];

/** Error details recorded with a failed or retrying job. */
export type JobError = FromSchema<typeof jobErrorSchema>;

/** The data of each job event (its JSON Schema is `jobEventDataSchemas`). */
export interface JobEventData {
  readonly queued: { readonly jobType: string; readonly input?: Record<string, unknown> };
  readonly started: { readonly jobType: string; readonly worker: string };
  readonly progress: { readonly jobType: string; readonly progress: number };
  readonly retrying: {
    readonly jobType: string;
    readonly error: JobError;
    readonly nextAttemptAt: string;
  };
  readonly succeeded: { readonly jobType: string; readonly result: Record<string, unknown> };
  readonly failed: { readonly jobType: string; readonly error: JobError };
  readonly cancelled: { readonly jobType: string; readonly reason?: string };
  /** The command was refused before it ran (bad input, unknown version, wrong tenant). */
  readonly rejected: { readonly jobType: string; readonly error: JobError };
}

/** Events that end a job: the one a request/reply caller gets on its reply_to queue. */
export const TERMINAL_EVENT_NAMES: readonly JobEventName[] = [
  'succeeded',
  'failed',
  'cancelled',
  'rejected',
];

/** The CloudEvents `type` of a job event, e.g. `io.jobmill.job.succeeded.v1`. */
export const eventTypeOf = (name: JobEventName, version = 1): string =>
  `${TYPE_NAMESPACE}.job.${name}.v${version}`;

const EVENT_TYPE = new RegExp(`^${TYPE_NAMESPACE.replace('.', '\\.')}\\.job\\.([a-z]+)\\.v(\\d+)$`);

/** The event name of a CloudEvents `type`, if it names a job event this version knows. */
export function parseEventType(ceType: string): JobEventName | undefined {
  const match = EVENT_TYPE.exec(ceType);
  const name = match?.[1];
  return name && match[2] === '1' && (JOB_EVENT_NAMES as readonly string[]).includes(name)
    ? (name as JobEventName)
    : undefined;
}

/** A job event; `subject` is the job id, `causationid` the message that caused it. */
export type JobEvent<K extends JobEventName = JobEventName> = CloudEvent<string, JobEventData[K]>;

/** Job states as stored in the read model and shown over REST. */
export const JOB_STATES = [
  'PENDING',
  'QUEUED',
  'RUNNING',
  'RETRYING',
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
] as const;
export type JobState = (typeof JOB_STATES)[number];
export const TERMINAL_STATES: readonly JobState[] = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** The state a job enters on each event. */
export const STATE_AFTER: Readonly<Record<JobEventName, JobState>> = {
  queued: 'QUEUED',
  started: 'RUNNING',
  progress: 'RUNNING',
  retrying: 'RETRYING',
  succeeded: 'SUCCEEDED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  // A refused command never ran: for the read model it is a job that failed at once.
  rejected: 'FAILED',
};
