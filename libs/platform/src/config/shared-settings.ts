import { env } from './env.reader';

/** Settings several services read the same way, with defaults that work on a development machine. */
export const sharedSettings = {
  /** PORT: the HTTP port (the API's, or a worker's health and metrics port). */
  port: (fallback: number): number => env.int('PORT', fallback, { min: 1, max: 65535 }),
  /** AMQP_URL: the RabbitMQ broker. */
  amqpUrl: (): string =>
    env.url('AMQP_URL', 'amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']),
  /** DATABASE_URL: PostgreSQL (read model and inbox). */
  databaseUrl: (): string =>
    env.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/jobmill', [
      'postgres:',
      'postgresql:',
    ]),
  /**
   * DATABASE_PREPARED_STATEMENTS: prepare the hot statements once per connection; false behind
   * a pooler that cannot keep them (PgBouncer before 1.21 in transaction mode).
   */
  preparedStatements: (): boolean => env.bool('DATABASE_PREPARED_STATEMENTS', true),
  /** TOPOLOGY_PREFIX: prefix of every exchange and queue name. */
  topologyPrefix: (): string => env.string('TOPOLOGY_PREFIX', ''),
  /** BLOB_DIR: the local-disk blob store. */
  blobDir: (): string => env.string('BLOB_DIR', './data/blobs'),
  /** AMQP_TRUSTED_USERS, AMQP_TENANT_USERS, MAX_COMMAND_BYTES: who may publish commands, how large. */
  commandAdmission: (maxBytesDefault: number) => ({
    trustedUsers: env.list('AMQP_TRUSTED_USERS', []),
    tenantUsers: env.list('AMQP_TENANT_USERS', []),
    maxCommandBytes: env.int('MAX_COMMAND_BYTES', maxBytesDefault, { min: 1024 }),
  }),
};
