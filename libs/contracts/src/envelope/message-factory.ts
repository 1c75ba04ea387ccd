import type { CommandData, JobCommand } from '../commands/job-command';
import { commandTypeOf, type JobType } from '../commands/job-types';
import {
  eventTypeOf,
  type JobEvent,
  type JobEventData,
  type JobEventName,
} from '../events/job-event';
import { newId, nowIso } from './ids';
import { traceFieldsOf } from './trace-context';

/** What it takes to build a command for one job. */
export interface CommandSpec<T extends JobType> {
  readonly jobId: string;
  readonly jobType: T;
  readonly data: CommandData<T>;
  readonly tenant: string;
  /** Who issues it, as a URI reference, e.g. `/jobmill/api`. */
  readonly source: string;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly traceparent?: string;
  /** Kept only beside a traceparent. */
  readonly tracestate?: string;
  readonly id?: string;
}

/** Builds a command envelope for a job's first attempt. */
export function createCommand<T extends JobType>(spec: CommandSpec<T>): JobCommand<T> {
  const id = spec.id ?? newId();
  return {
    specversion: '1.0',
    id,
    type: commandTypeOf(spec.jobType),
    source: spec.source,
    time: nowIso(),
    subject: spec.jobId,
    datacontenttype: 'application/json',
    data: spec.data,
    tenant: spec.tenant,
    attempt: 1,
    correlationid: spec.correlationId ?? spec.jobId,
    ...(spec.causationId ? { causationid: spec.causationId } : {}),
    ...traceFieldsOf(spec),
  };
}

/** Builds the event a command caused: same job, tenant, attempt and trace; caused by the command. */
export function eventFor<K extends JobEventName>(
  command: JobCommand,
  name: K,
  data: JobEventData[K],
  source: string,
): JobEvent<K> {
  return {
    specversion: '1.0',
    id: newId(),
    type: eventTypeOf(name),
    source,
    time: nowIso(),
    subject: command.subject,
    datacontenttype: 'application/json',
    data,
    tenant: command.tenant,
    attempt: command.attempt,
    correlationid: command.correlationid,
    causationid: command.id,
    ...traceFieldsOf(command),
  };
}

/** What a recorded start keeps of its job.started beside the attempt's outcome. */
export interface RecordedStart {
  readonly id: string;
  readonly time: string;
  readonly worker: string;
}

/**
 * The job.started of the attempt that ended in `outcome`: both come from the same command and
 * source, so all but the start's id, time and worker is the outcome's envelope.
 */
export function startedEventOf(outcome: JobEvent, start: RecordedStart): JobEvent<'started'> {
  const { data, ...envelope } = outcome;
  return {
    ...envelope,
    id: start.id,
    type: eventTypeOf('started'),
    time: start.time,
    data: { jobType: data.jobType, worker: start.worker },
  };
}
