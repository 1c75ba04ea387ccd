// The broker seam: one Transport per service (connection, confirm publisher, consumer,
// topology), on RabbitMQ or on the in-process broker behind the same channel interface.
export * from './transport.facade';
export * from './nest/transport.module';
export * from './errors/broker-unavailable.error';
export * from './errors/invalid-command.error';
export * from './errors/publish-nacked.error';
export * from './errors/unroutable-message.error';
export * from './errors/transport-error.codes';
export * from './connection/broker-connection.port';
export * from './connection/transport.logger';
export type { ReconnectBackoff } from './connection/reconnect-backoff.policy';
export * from './publishing/command-executor.port';
export * from './publishing/event-publisher.port';
export * from './publishing/publish-request.types';
export * from './publishing/confirm.publisher';
export * from './publishing/amqp-command.executor';
export * from './publishing/amqp-event.publisher';
export * from './publishing/amqp-properties.mapper';
export * from './publishing/amqp-user.util';
export * from './consuming/consumer.types';
export * from './consuming/message.consumer';
export * from './topology/topology.setup';
export * from './topology/delay-stages.setup';
export * from './admin/dead-letter.browser';
export type { DeadLetterView } from './admin/dead-letter-view.mapper';
export { InProcessBroker } from './in-process/in-process.broker';
export { topicMatches } from './topology/topic-pattern.matcher';
export { InProcessBrokerError } from './in-process/in-process-broker.error';
