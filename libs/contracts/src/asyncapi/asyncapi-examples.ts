import { commandTypeOf, type JobType } from '../commands/job-types';
import { eventTypeOf, type JobEventName } from '../events/job-event';
import { AMQP_HEADERS } from '../envelope/amqp-headers';

// Fixed ids and times, so that the generated document is the same on every run.
const JOB_ID = '3f1c9a52-7d4e-4b8a-9c61-2e5f0b7a8d13';
const COMMAND_ID = 'b2e4d6f8-1a3c-4e5f-8a7b-9c0d1e2f3a4b';
const UPLOAD_ID = '0d9b2c4e-6f81-4a3b-b5c7-d9e1f2a3b4c5';
const CORRELATION_ID = 'order-4711';
const TIME = '2026-01-15T09:30:00.000Z';

/** Example `data.input` of each job type. */
const INPUTS: Readonly<Record<JobType, Record<string, unknown>>> = {
  'detection.vad': { uploadId: UPLOAD_ID, options: { sensitivity: 0.6 } },
  'processing.normalize': { uploadId: UPLOAD_ID, options: { sampleRate: 16000 } },
  'processing.clips': {
    uploadId: UPLOAD_ID,
    segments: [
      { start: 0.12, end: 2.87 },
      { start: 3.4, end: 5.05 },
    ],
    options: { paddingMs: 100, sampleRate: 16000 },
  },
  'system.ping': { durationMs: 250 },
};

/** Example data of each event, for a detection job. */
const EVENT_DATA: Readonly<Record<JobEventName, Record<string, unknown>>> = {
  queued: { jobType: 'detection.vad', input: INPUTS['detection.vad'] },
  started: { jobType: 'detection.vad', worker: 'detection-worker@host-1:4242' },
  progress: { jobType: 'detection.vad', progress: 0.42 },
  retrying: {
    jobType: 'detection.vad',
    error: {
      code: 'BLOB_UNAVAILABLE',
      message: 'blob store timed out',
      kind: 'transient',
      retryable: true,
    },
    nextAttemptAt: '2026-01-15T09:30:05.000Z',
  },
  succeeded: {
    jobType: 'detection.vad',
    result: {
      segments: [{ start: 0.12, end: 2.87 }],
      speechRatio: 0.93,
      duration: 3.08,
      sampleRate: 16000,
      channels: 1,
    },
  },
  failed: {
    jobType: 'detection.vad',
    error: {
      code: 'MALFORMED_WAV',
      message: 'not a RIFF/WAVE file',
      kind: 'permanent',
      retryable: false,
    },
  },
  cancelled: { jobType: 'detection.vad', reason: 'Cancelled by the client.' },
  rejected: {
    jobType: 'detection.vad',
    error: {
      code: 'INVALID_DATA',
      message:
        'The data of io.jobmill.detection.vad.requested.v1 is invalid. (/data/input/uploadId must match format "uuid")',
      kind: 'poison',
      retryable: false,
    },
  },
};

const headersOf = (source: string, tenant: string, attempt: number, causationId?: string) => ({
  [AMQP_HEADERS.specVersion]: '1.0',
  [AMQP_HEADERS.source]: source,
  [AMQP_HEADERS.subject]: JOB_ID,
  [AMQP_HEADERS.tenant]: tenant,
  [AMQP_HEADERS.attempt]: attempt,
  ...(causationId ? { [AMQP_HEADERS.causationId]: causationId } : {}),
});

/** A message example as AsyncAPI writes it: name, summary, headers and payload. */
export interface AsyncApiExample {
  readonly name: string;
  readonly summary: string;
  readonly headers: Record<string, unknown>;
  readonly payload: Record<string, unknown>;
}

/** An example command of a job type and version, as another system would publish it. */
export function commandExample(jobType: JobType, version: number): AsyncApiExample {
  const source = 'urn:partner:billing';
  return {
    name: `${jobType}-v${version}`,
    summary: `A ${jobType} job submitted directly by another system for tenant acme.`,
    headers: headersOf(source, 'acme', 1),
    payload: {
      specversion: '1.0',
      id: COMMAND_ID,
      type: commandTypeOf(jobType, version),
      source,
      time: TIME,
      subject: JOB_ID,
      datacontenttype: 'application/json',
      data: {
        input: INPUTS[jobType],
        maxAttempts: 3,
        retention: '1d',
        callbackUrl: 'https://hooks.example.com/jobmill',
      },
      tenant: 'acme',
      attempt: 1,
      correlationid: CORRELATION_ID,
    },
  };
}

/** An example of a job event, caused by the example command. */
export function eventExample(name: JobEventName): AsyncApiExample {
  const source = '/jobmill/detection-worker';
  return {
    name: `job-${name}`,
    summary: `job.${name} of a detection job of tenant acme.`,
    headers: headersOf(source, 'acme', 1, COMMAND_ID),
    payload: {
      specversion: '1.0',
      id: '5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d',
      type: eventTypeOf(name),
      source,
      time: TIME,
      subject: JOB_ID,
      datacontenttype: 'application/json',
      data: EVENT_DATA[name],
      tenant: 'acme',
      attempt: 1,
      correlationid: CORRELATION_ID,
      causationid: COMMAND_ID,
    },
  };
}
