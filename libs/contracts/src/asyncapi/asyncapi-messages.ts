import { COMMAND_VERSIONS, JOB_TYPES, commandTypeOf, type JobType } from '../commands/job-types';
import { AMQP_HEADERS } from '../envelope/amqp-headers';
import { CLOUDEVENTS_CONTENT_TYPE } from '../envelope/cloud-event';
import { JOB_EVENT_NAMES, eventTypeOf, type JobEventName } from '../events/job-event';
import { jobErrorSchema } from '../schemas/common.schema';
import { cloudEventSchema } from '../schemas/envelope.schema';
import { jobEventDataSchemas } from '../schemas/job-events.schema';
import { commandDataSchema } from '../schemas/job-submission.schema';
import { JOB_TYPE_SCHEMAS } from '../schemas/job-type-schemas';
import { commandExample, eventExample } from './asyncapi-examples';

type Json = Record<string, unknown>;

const pascal = (text: string): string =>
  text
    .split(/[.\-_]/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');

const ref = (section: string, name: string): Json => ({ $ref: `#/components/${section}/${name}` });

/** Component name of a job type's command message, e.g. `DetectionVadRequestedV1`. */
export const commandMessageName = (jobType: JobType, version: number): string =>
  `${pascal(jobType)}RequestedV${version}`;

/** Component name of a job event message, e.g. `JobSucceeded`. */
export const eventMessageName = (name: JobEventName): string => `Job${pascal(name)}`;

/** The AMQP properties every message carries, mirrored from its envelope. */
const AMQP_PROPERTIES: Json = {
  content_type: `${CLOUDEVENTS_CONTENT_TYPE} (required for commands; other types are rejected)`,
  delivery_mode: '2 (persistent)',
  message_id: 'the envelope `id`',
  correlation_id: 'the envelope `correlationid`; on a reply: the request’s correlation_id',
  type: 'the envelope `type`',
  timestamp: 'the envelope `time`, in seconds',
  app_id: 'the envelope `source`',
  user_id:
    'the publisher’s AMQP user, checked by RabbitMQ; commands without it are rejected (MISSING_USER_ID)',
  reply_to:
    'commands only: where the terminal event goes (request/reply); amq.rabbitmq.reply-to or a queue <prefix>tenant.<tenant>.* of the command’s tenant, else REPLY_TO_FORBIDDEN',
};

/** The application headers that mirror the envelope, so tools route without parsing bodies. */
export const headersSchema: Json = {
  type: 'object',
  properties: {
    [AMQP_HEADERS.specVersion]: {
      type: 'string',
      const: '1.0',
      description: 'On events; the platform’s commands leave it out.',
    },
    [AMQP_HEADERS.source]: {
      type: 'string',
      description:
        'The envelope `source`, as `app_id`; on events; the platform’s commands leave it out.',
    },
    [AMQP_HEADERS.subject]: { type: 'string', format: 'uuid', description: 'The job id.' },
    [AMQP_HEADERS.tenant]: { type: 'string', description: 'The tenant (the body’s wins).' },
    [AMQP_HEADERS.attempt]: { type: 'integer', minimum: 1 },
    [AMQP_HEADERS.causationId]: { type: 'string', description: 'The message that caused this.' },
    [AMQP_HEADERS.traceparent]: { type: 'string', description: 'W3C trace context.' },
    [AMQP_HEADERS.tracestate]: {
      type: 'string',
      description: 'W3C trace context: the vendors’ entries, only beside a traceparent.',
    },
    [AMQP_HEADERS.batchSize]: {
      type: 'integer',
      minimum: 1,
      description:
        'Batch messages only: how many envelopes the message holds. Optional for publishers; consumers that batch weigh a message by it.',
    },
  },
};

/** Headers added to a message the platform dead-lettered. */
export const deadLetterHeadersSchema: Json = {
  type: 'object',
  properties: {
    ...(headersSchema['properties'] as Json),
    [AMQP_HEADERS.deadLetterCode]: { type: 'string', description: 'Stable code of the reason.' },
    [AMQP_HEADERS.deadLetterReason]: { type: 'string', description: 'Why, for people.' },
    [AMQP_HEADERS.deadLetterQueue]: { type: 'string', description: 'The queue it came from.' },
    [AMQP_HEADERS.deadLetterAttempts]: { type: 'integer', description: 'Deliveries so far.' },
    [AMQP_HEADERS.deadLetterUserId]: {
      type: 'string',
      description:
        'The user_id of the message given up on (empty: none); the copy is the platform’s.',
    },
    [AMQP_HEADERS.onBehalfOf]: {
      type: 'string',
      description:
        'On a requeued message: the user whose authority it carries; consumers admit it as that user.',
    },
  },
};

/** Reusable schemas: the envelope, the job error, and each job type's input and result. */
export function componentSchemas(): Json {
  const schemas: Json = { CloudEvent: cloudEventSchema, JobError: jobErrorSchema };
  for (const jobType of JOB_TYPES) {
    schemas[`${pascal(jobType)}Input`] = JOB_TYPE_SCHEMAS[jobType].input;
    schemas[`${pascal(jobType)}Result`] = JOB_TYPE_SCHEMAS[jobType].result;
  }
  return schemas;
}

const envelopeOf = (type: string, data: Json): Json => ({
  allOf: [
    ref('schemas', 'CloudEvent'),
    { type: 'object', properties: { type: { const: type }, data } },
  ],
});

function commandMessage(jobType: JobType, version: number): Json {
  const type = commandTypeOf(jobType, version);
  return {
    name: type,
    title: `${jobType} requested, version ${version}`,
    summary: `Asks for one ${jobType} job. Routing key: ${jobType}.`,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: headersSchema,
    payload: envelopeOf(type, commandDataSchema(ref('schemas', `${pascal(jobType)}Input`))),
    correlationId: {
      location: '$message.header#/correlation_id',
      description: 'AMQP correlation_id.',
    },
    bindings: { amqp: { messageType: type, bindingVersion: '0.3.0' } },
    examples: [commandExample(jobType, version)],
    'x-amqp-properties': AMQP_PROPERTIES,
  };
}

function eventData(name: JobEventName): Json {
  const schema = jobEventDataSchemas[name] as unknown as Json;
  if (name !== 'succeeded') return schema;
  const results = JOB_TYPES.map((t) => ref('schemas', `${pascal(t)}Result`));
  return {
    ...schema,
    properties: { ...(schema['properties'] as Json), result: { oneOf: results } },
  };
}

const EVENT_SUMMARIES: Partial<Record<JobEventName, string>> = {
  rejected: 'A command was refused before it ran; sent to its reply_to only.',
  started:
    'A job started (its `time`). Sent with the outcome when its handler returns within ' +
    'JOB_STARTED_HOLD_MS (default 20 ms) of starting, in the same window and ahead of it; ' +
    'otherwise when that time is over or at the first progress. Routing key: ' +
    '<tenant>.<jobType>.started.',
};

function eventMessage(name: JobEventName): Json {
  const type = eventTypeOf(name);
  return {
    name: type,
    title: `job.${name}`,
    summary: EVENT_SUMMARIES[name] ?? `A job ${name}. Routing key: <tenant>.<jobType>.${name}.`,
    contentType: CLOUDEVENTS_CONTENT_TYPE,
    headers: headersSchema,
    payload: envelopeOf(type, eventData(name)),
    correlationId: {
      location: '$message.header#/correlation_id',
      description: 'AMQP correlation_id.',
    },
    bindings: { amqp: { messageType: type, bindingVersion: '0.3.0' } },
    examples: [eventExample(name)],
    'x-amqp-properties': AMQP_PROPERTIES,
  };
}

/** Every message of the interface, by component name. */
export function componentMessages(): Json {
  const messages: Json = {};
  for (const jobType of JOB_TYPES)
    for (const version of COMMAND_VERSIONS[jobType])
      messages[commandMessageName(jobType, version)] = commandMessage(jobType, version);
  for (const name of JOB_EVENT_NAMES) messages[eventMessageName(name)] = eventMessage(name);
  messages['DeadLetter'] = {
    name: 'dead-letter',
    title: 'A dead-lettered message',
    summary:
      'The original message, unchanged, with why the platform gave up in x-jobmill-* headers.',
    headers: deadLetterHeadersSchema,
    payload: {},
  };
  return messages;
}
