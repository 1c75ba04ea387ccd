import {
  eventFor,
  newId,
  nowIso,
  type JobCommand,
  type JobError,
  type JobEvent,
  type JobType,
} from '@jobmill/contracts';
import {
  delayQueueName,
  encodeEnvelope,
  pickDelayStage,
  toCommandAmqpProperties,
  type PublishRequest,
} from '@jobmill/transport';
import { TAKEOVER_HEADER } from '../leases/run.guard';
import type { ReplyRouter } from '../replies/reply.router';
import { retryDelayMs } from '../retries/retry.policy';
import type { JobRunnerOptions } from './job-runner.types';
import { laneOf, type LaneOptions } from './priority-lanes.policy';

/** The command, unchanged, into `queue`'s delay stage of at least `delayMs`. */
export function delayStageRequest(
  queue: string,
  command: JobCommand,
  properties: PublishRequest['properties'],
  delayMs: number,
  takeOver: boolean,
): PublishRequest {
  return {
    exchange: '',
    routingKey: delayQueueName(queue, pickDelayStage(delayMs)),
    content: encodeEnvelope(command),
    // A deferred redelivery keeps its right to take the job over from a dead holder's lease.
    properties: takeOver
      ? {
          ...properties,
          headers: {
            ...(properties.headers as Record<string, unknown> | undefined),
            [TAKEOVER_HEADER]: true,
          },
        }
      : properties,
    mandatory: true,
  };
}

/** A runner's command, unchanged, into its own lane's delay stage, reply properties kept. */
export function laneDelayStageRequest(
  lanes: LaneOptions,
  replies: ReplyRouter,
  command: JobCommand,
  delayMs: number,
  takeOver = false,
): PublishRequest {
  const properties = { ...toCommandAmqpProperties(command), ...replies.propertiesFor(command) };
  return delayStageRequest(laneOf(lanes, command), command, properties, delayMs, takeOver);
}

/** The command of a job's next attempt: a new id, caused by the failed attempt's command. */
export const nextAttemptOf = (command: JobCommand): JobCommand => ({
  ...command,
  id: newId(),
  time: nowIso(),
  attempt: command.attempt + 1,
  causationid: command.id,
});

/**
 * A failed attempt's retry: its job.retrying event, and the next attempt's command into a delay
 * stage of its lane (backoff from the attempt number).
 */
export function retryOf(
  options: LaneOptions & Pick<JobRunnerOptions, 'retryBaseDelayMs' | 'source'>,
  replies: ReplyRouter,
  failed: { readonly command: JobCommand; readonly jobType: JobType; readonly error: JobError },
): { readonly retrying: JobEvent; readonly next: PublishRequest } {
  const { command, jobType, error } = failed;
  const stage = pickDelayStage(retryDelayMs(command.attempt, options.retryBaseDelayMs));
  const nextAttemptAt = new Date(Date.now() + stage.ms).toISOString();
  const retrying = eventFor(command, 'retrying', { jobType, error, nextAttemptAt }, options.source);
  const next = laneDelayStageRequest(options, replies, nextAttemptOf(command), stage.ms);
  return { retrying, next };
}
