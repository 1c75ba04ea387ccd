/** RabbitMQ's direct reply-to pseudo-queue: a reply reaches only the channel that asked. */
export const DIRECT_REPLY_TO = 'amq.rabbitmq.reply-to';

/**
 * The names of the queues a tenant owns: `<TOPOLOGY_PREFIX>tenant.<tenant>.`. Only the tenant's
 * AMQP users may declare or read them (deploy/rabbitmq definitions), so a reply sent there is
 * read by nobody else.
 */
export function tenantQueuePrefix(topologyPrefix: string, tenant: string): string {
  const p =
    topologyPrefix === '' || topologyPrefix.endsWith('.') ? topologyPrefix : `${topologyPrefix}.`;
  return `${p}tenant.${tenant}.`;
}

/**
 * Whether a command of `tenant` may ask for its outcome at `replyTo`: direct reply-to (as the
 * publisher set it, or as the broker rewrote it) or a queue of the tenant's own prefix.
 */
export function isReplyAddressOf(replyTo: string, tenant: string, topologyPrefix: string): boolean {
  if (replyTo === DIRECT_REPLY_TO || replyTo.startsWith(`${DIRECT_REPLY_TO}.`)) return true;
  const own = tenantQueuePrefix(topologyPrefix, tenant);
  return replyTo.length > own.length && replyTo.startsWith(own);
}
