import {
  admissionPolicyOf,
  DEFAULT_MAX_COMMAND_BYTES,
  type AdmissionPolicy,
} from '@jobmill/job-runtime';
import { env, sharedSettings } from '@jobmill/platform';
import { readRetentionConfig, type RetentionConfig } from './retention/retention.config';
import { readTableUpkeepConfig, type TableUpkeepConfig } from './upkeep/table-upkeep.config';
import { readWebhookSettings, type WebhookSettings } from '@jobmill/webhooks';
import {
  readQueueLimits,
  readTenantLimits,
  type QueueLimits,
  type TenantLimits,
} from '@jobmill/limits';

/**
 * The status service's prefetch, in messages. The broker counts messages, not events, and a
 * copy of a bulk submission's command message holds up to 500 commands (about 200 KB): a
 * status service that falls behind holds its whole prefetch.
 */
export const DEFAULT_PROJECTION_PREFETCH = 256;

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
  /** Messages delivered and not yet projected, at most (one may be a batch of 500 envelopes). */
  readonly prefetch: number;
  /** The workers' admission of commands: size, content type, tenant of the user_id. */
  readonly admission: AdmissionPolicy;
  /** Deleting expired jobs and abandoned temporary files. */
  readonly retention: RetentionConfig;
  /** Vacuuming the platform's tables on a server without autovacuum (TABLE_VACUUM). */
  readonly tableUpkeep: TableUpkeepConfig;
  /** Webhook deliveries: secrets, allowed hosts, timeout and backoff. */
  readonly webhooks: WebhookSettings;
  /** QUEUE_LIMITS and TENANT_LIMITS, for the commands partners publish over AMQP. */
  readonly queueLimits: QueueLimits;
  readonly tenantLimits: TenantLimits;
}

/** Reads and validates the status service's configuration. */
export function readStatusConfig(): StatusConfig {
  return {
    port: sharedSettings.port(3003),
    amqpUrl: sharedSettings.amqpUrl(),
    databaseUrl: sharedSettings.databaseUrl(),
    topologyPrefix: sharedSettings.topologyPrefix(),
    batchSize: env.int('PROJECTION_BATCH_SIZE', 500, { min: 1, max: 5000 }),
    batchWaitMs: env.int('PROJECTION_BATCH_WAIT_MS', 20, { min: 0, max: 5000 }),
    prefetch: env.int('PROJECTION_PREFETCH', DEFAULT_PROJECTION_PREFETCH, { min: 1, max: 10_000 }),
    admission: admissionPolicyOf({
      amqpUrl: sharedSettings.amqpUrl(),
      topologyPrefix: sharedSettings.topologyPrefix(),
      ...sharedSettings.commandAdmission(DEFAULT_MAX_COMMAND_BYTES),
    }),
    retention: readRetentionConfig(sharedSettings.blobDir()),
    tableUpkeep: readTableUpkeepConfig(),
    webhooks: readWebhookSettings(),
    queueLimits: readQueueLimits(),
    tenantLimits: readTenantLimits(),
  };
}
