import {
  admissionPolicyOf,
  DEFAULT_MAX_COMMAND_BYTES,
  type AdmissionPolicy,
} from '@jobmill/messaging';
import { env } from '@jobmill/platform';

/** What the status service reads from its environment, validated at start-up. */
export interface StatusConfig {
  readonly port: number;
  readonly amqpUrl: string;
  readonly databaseUrl: string;
  readonly topologyPrefix: string;
  /** Messages projected per transaction, at most. */
  readonly batchSize: number;
  /** How long a partial batch waits for more messages. */
  readonly batchWaitMs: number;
  /** The workers' admission of commands: size, content type, tenant of the user_id. */
  readonly admission: AdmissionPolicy;
}

/** Reads and validates the status service's configuration. */
export function readStatusConfig(): StatusConfig {
  return {
    port: env.int('PORT', 3003, { min: 1, max: 65535 }),
    amqpUrl: env.url('AMQP_URL', 'amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']),
    databaseUrl: env.url('DATABASE_URL', 'postgres://postgres@127.0.0.1:5432/jobmill', [
      'postgres:',
      'postgresql:',
    ]),
    topologyPrefix: env.string('TOPOLOGY_PREFIX', ''),
    batchSize: env.int('PROJECTION_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    batchWaitMs: env.int('PROJECTION_BATCH_WAIT_MS', 20, { min: 0, max: 5000 }),
    admission: admissionPolicyOf({
      amqpUrl: env.url('AMQP_URL', 'amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']),
      trustedUsers: env.list('AMQP_TRUSTED_USERS', []),
      tenantUsers: env.list('AMQP_TENANT_USERS', []),
      maxCommandBytes: env.int('MAX_COMMAND_BYTES', DEFAULT_MAX_COMMAND_BYTES, { min: 1024 }),
    }),
  };
}
