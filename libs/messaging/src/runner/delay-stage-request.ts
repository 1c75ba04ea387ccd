import type { JobCommand } from '@jobmill/contracts';
import type { Options } from 'amqplib';
import { encodeEnvelope } from '../publishing/amqp-properties';
import type { PublishRequest } from '../publishing/publish-request';
import { delayQueueName, pickDelayStage } from '../topology/delay-stages';
import { TAKEOVER_HEADER } from './run-guard';

/** The command, unchanged, into `queue`'s delay stage of at least `delayMs`. */
export function delayStageRequest(
  queue: string,
  command: JobCommand,
  properties: Options.Publish,
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
