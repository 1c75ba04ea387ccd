import { COMMAND_VERSIONS, JOB_TYPES, type JobType } from '../commands/job-types';
import { JOB_EVENT_NAMES, TERMINAL_EVENT_NAMES, type JobEventName } from '../events/job-event';
import { commandRoutingKey, topologyNames, type TopologyNames } from '../topology/topology-names';
import { interfaceGuide } from './asyncapi-guide';
import {
  commandMessageName,
  componentMessages,
  componentSchemas,
  eventMessageName,
} from './asyncapi-messages';

type Json = Record<string, unknown>;

/** What varies between deployments: the name prefix and where the broker is. */
export interface AsyncApiOptions {
  /** TOPOLOGY_PREFIX. Default empty. */
  readonly prefix?: string;
  /** `host:port` of RabbitMQ. Default `localhost:5672`. */
  readonly host?: string;
}

/** Events published on the events exchange (`queued` is history only, `rejected` a reply only). */
export const PUBLISHED_EVENT_NAMES: readonly JobEventName[] = JOB_EVENT_NAMES.filter(
  (n) => n !== 'queued' && n !== 'rejected',
);

const REPLY_EVENT_NAMES = TERMINAL_EVENT_NAMES;

const messageRef = (name: string): Json => ({ $ref: `#/components/messages/${name}` });
const channelMessageRef = (channel: string, name: string): Json => ({
  $ref: `#/channels/${channel}/messages/${name}`,
});
const byName = (names: readonly string[]): Json =>
  Object.fromEntries(names.map((n) => [n, messageRef(n)]));

const exchangeBinding = (name: string, type: 'topic' | 'direct'): Json => ({
  amqp: {
    is: 'routingKey',
    exchange: { name, type, durable: true, autoDelete: false, vhost: '/' },
    bindingVersion: '0.3.0',
  },
});

const commandChannelId = (jobType: JobType): string => `commands.${jobType}`;
const commandNames = (jobType: JobType): string[] =>
  COMMAND_VERSIONS[jobType].map((v) => commandMessageName(jobType, v));

function channels(names: TopologyNames): Json {
  const result: Json = {};
  for (const jobType of JOB_TYPES)
    result[commandChannelId(jobType)] = {
      address: commandRoutingKey(jobType),
      title: `${jobType} commands`,
      description: `Commands for ${jobType} jobs: exchange ${names.commands}, routing key ${jobType}; a command whose data.priority is high or low goes with routing key ${commandRoutingKey(jobType, 'high')} or ${commandRoutingKey(jobType, 'low')} (its lane); on the backlog lane of normal or low, ${commandRoutingKey(jobType, 'normal', true)} or ${commandRoutingKey(jobType, 'low', true)}, it waits behind its priority's lane (fair sharing).`,
      messages: byName(commandNames(jobType)),
      bindings: exchangeBinding(names.commands, 'topic'),
    };
  result['jobEvents'] = {
    address: '{tenant}.{jobType}.{event}',
    title: 'Job events',
    description: `Every state change of every job on exchange ${names.events}. Bind a queue with a pattern.`,
    parameters: {
      tenant: { description: 'The tenant slug (never contains a dot).', examples: ['acme'] },
      jobType: { enum: [...JOB_TYPES], description: 'The job type (two words).' },
      event: { enum: [...PUBLISHED_EVENT_NAMES], description: 'The event name.' },
    },
    messages: byName(PUBLISHED_EVENT_NAMES.map(eventMessageName)),
    bindings: exchangeBinding(names.events, 'topic'),
  };
  result['replies'] = {
    address: null,
    title: 'Replies',
    description:
      'The caller’s own queue named by a command’s reply_to: the default exchange, routing key = reply_to. Only amq.rabbitmq.reply-to (direct reply-to) or a queue named <prefix>tenant.<tenant>.* of the command’s tenant; any other reply_to refuses the command (REPLY_TO_FORBIDDEN, dead-lettered, nothing sent there).',
    messages: byName(REPLY_EVENT_NAMES.map(eventMessageName)),
  };
  result['deadLetters'] = {
    address: names.deadLetterQueue,
    title: 'Dead letters',
    description: `Messages the platform gave up on (exchange ${names.deadLetter}, routing key = source queue).`,
    messages: { DeadLetter: messageRef('DeadLetter') },
    bindings: {
      amqp: {
        is: 'queue',
        queue: {
          name: names.deadLetterQueue,
          durable: true,
          exclusive: false,
          autoDelete: false,
          vhost: '/',
        },
        bindingVersion: '0.3.0',
      },
    },
  };
  return result;
}

function operations(): Json {
  const result: Json = {};
  for (const jobType of JOB_TYPES) {
    const channel = commandChannelId(jobType);
    result[`submit.${jobType}`] = {
      action: 'send',
      title: `Submit a ${jobType} job`,
      channel: { $ref: `#/channels/${channel}` },
      messages: commandNames(jobType).map((n) => channelMessageRef(channel, n)),
      bindings: {
        amqp: { deliveryMode: 2, mandatory: true, timestamp: true, bindingVersion: '0.3.0' },
      },
      reply: {
        address: {
          location: '$message.header#/reply_to',
          description: 'The AMQP reply_to property of the command.',
        },
        channel: { $ref: '#/channels/replies' },
        messages: REPLY_EVENT_NAMES.map((n) => channelMessageRef('replies', eventMessageName(n))),
      },
    };
  }
  result['receiveJobEvents'] = {
    action: 'receive',
    title: 'Subscribe to job events',
    channel: { $ref: '#/channels/jobEvents' },
    messages: PUBLISHED_EVENT_NAMES.map((n) => channelMessageRef('jobEvents', eventMessageName(n))),
    bindings: { amqp: { ack: true, bindingVersion: '0.3.0' } },
  };
  result['inspectDeadLetters'] = {
    action: 'receive',
    title: 'Inspect dead letters (operators)',
    channel: { $ref: '#/channels/deadLetters' },
    messages: [channelMessageRef('deadLetters', 'DeadLetter')],
  };
  return result;
}

/** The AsyncAPI 3.0 document of the AMQP interface, generated from the contracts. */
export function buildAsyncApiDocument(options: AsyncApiOptions = {}): Json {
  const names = topologyNames(options.prefix ?? '');
  return {
    asyncapi: '3.0.0',
    id: 'urn:jobmill:amqp',
    info: {
      title: 'jobmill AMQP interface',
      version: '1.0.0',
      description: interfaceGuide(names),
    },
    defaultContentType: 'application/cloudevents+json',
    servers: {
      rabbitmq: {
        host: options.host ?? 'localhost:5672',
        protocol: 'amqp',
        protocolVersion: '0.9.1',
        description: 'RabbitMQ 3.10 or later; every name takes the deployment’s TOPOLOGY_PREFIX.',
        security: [{ $ref: '#/components/securitySchemes/amqpUser' }],
      },
    },
    channels: channels(names),
    operations: operations(),
    components: {
      messages: componentMessages(),
      schemas: componentSchemas(),
      securitySchemes: {
        amqpUser: {
          type: 'userPassword',
          description: 'An AMQP user; it is the message’s user_id and decides its tenants.',
        },
      },
    },
  };
}
