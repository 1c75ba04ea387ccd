/**
 * The AMQP user a connection URL logs in as (amqplib's default is guest). Every message a
 * service publishes carries it as `user_id`, which RabbitMQ checks against the connection's
 * user, so consumers can tell platform messages from other publishers'.
 */
export function amqpUserOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username) || 'guest';
  } catch {
    return 'guest';
  }
}
