import {
  commandRoutingKey,
  encodeBatch,
  isJobType,
  parseCommandType,
  priorityOf,
  type JobCommand,
  type TopologyNames,
} from '@jobmill/contracts';
import { InvalidCommandError } from '../errors/invalid-command.error';
import {
  encodeEnvelope,
  toCommandBatchAmqpProperties,
  toCommandAmqpProperties,
} from './amqp-properties.mapper';
import type { CommandExecutor, ExecuteOptions } from './command-executor.port';
import type { ConfirmPublisher } from './confirm.publisher';
import type { PublishRequest } from './publish-request.types';
import { groupBy, MAX_WINDOW_ENVELOPES } from './publish-window.util';
import { tracedPublish, withCreationContext } from '../tracing/publish.tracing';
import { tracingEnabled } from '../tracing/trace-context.util';

/**
 * Publishes commands on the commands exchange, mandatory, routing key = job type (plus the lane
 * of a high or low priority). Commands submitted together go as CloudEvents batches, one message
 * per routing key (so a batch never mixes lanes) and up to
 * MAX_WINDOW_ENVELOPES commands: a bulk submission costs the broker a few messages, not one a job.
 * With tracing on, a command leaves with a trace context: one issued without any (a scheduled
 * tick, a manual retry, a recovery; a delayed job keeps its submitter's) starts its job's trace
 * here.
 */
export class AmqpCommandExecutor implements CommandExecutor {
  constructor(
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
  ) {}

  async execute(command: JobCommand, options: ExecuteOptions = {}): Promise<void> {
    const routingKey = this.routingKeyOf(command, options);
    if (!tracingEnabled()) return this.publisher.publish(this.requestFor(command, routingKey));
    const traced = this.traced(command);
    const request = this.requestFor(traced, routingKey);
    return tracedPublish([request], [traced], () => this.publisher.publish(request));
  }

  async executeMany(commands: readonly JobCommand[], options: ExecuteOptions = {}): Promise<void> {
    const sent = tracingEnabled() ? commands.map((c) => this.traced(c)) : commands;
    const requests: PublishRequest[] = [];
    for (const [routingKey, group] of groupBy(sent, (c) => this.routingKeyOf(c, options)))
      for (let i = 0; i < group.length; i += MAX_WINDOW_ENVELOPES)
        requests.push(this.batchRequestFor(routingKey, group.slice(i, i + MAX_WINDOW_ENVELOPES)));
    if (!tracingEnabled()) return this.publisher.publishAll(requests);
    return tracedPublish(requests, sent, () => this.publisher.publishAll(requests));
  }

  /** The command with a creation context of its own unless it carries one already. */
  private traced(command: JobCommand): JobCommand {
    return command.traceparent ? command : withCreationContext(command, this.names.commands);
  }

  private routingKeyOf(command: JobCommand, { backlog = false }: ExecuteOptions): string {
    const jobType = parseCommandType(command.type)?.jobType;
    if (!isJobType(jobType)) throw new InvalidCommandError(command.type);
    return commandRoutingKey(jobType, priorityOf(command.data), backlog);
  }

  private requestFor(command: JobCommand, routingKey: string): PublishRequest {
    return {
      exchange: this.names.commands,
      routingKey,
      content: encodeEnvelope(command),
      properties: toCommandAmqpProperties(command),
      mandatory: true,
    };
  }

  private batchRequestFor(routingKey: string, commands: readonly JobCommand[]): PublishRequest {
    const [only] = commands;
    if (commands.length === 1 && only) return this.requestFor(only, routingKey);
    return {
      exchange: this.names.commands,
      routingKey,
      content: encodeBatch(commands),
      properties: toCommandBatchAmqpProperties(commands),
      mandatory: true,
    };
  }
}
