/**
 * AMQP message headers that mirror envelope fields, so brokers' tools and other clients can
 * route and inspect a message without parsing its body. The body stays the source of truth.
 */
export const AMQP_HEADERS = {
  specVersion: 'ce-specversion',
  source: 'ce-source',
  subject: 'ce-subject',
  tenant: 'ce-tenant',
  attempt: 'ce-attempt',
  causationId: 'ce-causationid',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  /** On a batch message: how many envelopes it holds (batch consumers weigh it by this). */
  batchSize: 'x-jobmill-batch-size',
  /** Set on dead-lettered messages: why the platform gave up on it. */
  deadLetterReason: 'x-jobmill-reason',
  deadLetterCode: 'x-jobmill-code',
  deadLetterQueue: 'x-jobmill-queue',
  deadLetterAttempts: 'x-jobmill-attempts',
  /** Set on the platform's dead-letter copies: the user_id of the delivery given up on. */
  deadLetterUserId: 'x-jobmill-user-id',
  /**
   * Set by a platform user that republishes someone else's command (a requeue): whose
   * authority it carries. Believed only on messages whose user_id is a platform user.
   */
  onBehalfOf: 'x-jobmill-on-behalf-of',
} as const;
