import {
  commandRoutingKey,
  isJobType,
  parseCommandType,
  type JobCommand,
  type TopologyNames,
} from '@jobmill/contracts';
import { InvalidCommandError } from '../errors/invalid-command.error';
import { encodeEnvelope, toAmqpProperties } from './amqp-properties.mapper';
import type { CommandExecutor } from './command-executor.port';
import type { ConfirmPublisher } from './confirm.publisher';
import type { PublishRequest } from './publish-request.types';

/** Publishes commands on the commands exchange, mandatory, routing key = job type. */
export class AmqpCommandExecutor implements CommandExecutor {
  constructor(
    private readonly publisher: ConfirmPublisher,
    private readonly names: TopologyNames,
  ) {}

  async execute(command: JobCommand): Promise<void> {
    return this.publisher.publish(this.requestFor(command));
  }

  async executeMany(commands: readonly JobCommand[]): Promise<void> {
    return this.publisher.publishAll(commands.map((command) => this.requestFor(command)));
  }

  private requestFor(command: JobCommand): PublishRequest {
    const jobType = parseCommandType(command.type)?.jobType;
    if (!isJobType(jobType)) throw new InvalidCommandError(command.type);
    return {
      exchange: this.names.commands,
      routingKey: commandRoutingKey(jobType),
      content: encodeEnvelope(command),
      properties: toAmqpProperties(command),
      mandatory: true,
    };
  }
}
