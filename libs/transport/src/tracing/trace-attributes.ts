/**
 * Span attribute names. Messaging ones are OpenTelemetry's messaging semantic conventions (still
 * "development" there, so named here rather than imported from the incubating entry point); the
 * job's own are namespaced `jobmill.*`, as the conventions ask of names that are not theirs.
 */
export const MESSAGING_ATTRIBUTES = {
  system: 'messaging.system',
  destination: 'messaging.destination.name',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  messageId: 'messaging.message.id',
  conversationId: 'messaging.message.conversation_id',
  batchCount: 'messaging.batch.message_count',
  bodySize: 'messaging.message.body.size',
  routingKey: 'messaging.rabbitmq.destination.routing_key',
  consumerGroup: 'messaging.consumer.group.name',
} as const;

/** The value of `messaging.system` for every message of the platform, on either transport. */
export const MESSAGING_SYSTEM = 'rabbitmq';

/** A job's attributes on every span about one job. */
export const JOB_ATTRIBUTES = {
  id: 'jobmill.job.id',
  type: 'jobmill.job.type',
  tenant: 'jobmill.tenant',
  attempt: 'jobmill.job.attempt',
  /** The CloudEvents type of the envelope (a command's or an event's). */
  messageType: 'jobmill.message.type',
  outcome: 'jobmill.job.outcome',
} as const;
