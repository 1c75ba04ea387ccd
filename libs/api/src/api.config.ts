import { parseRetention, TENANT_PATTERN } from '@jobmill/contracts';
import {
  admissionPolicyOf,
  DEFAULT_MAX_COMMAND_BYTES,
  type AdmissionPolicy,
} from '@jobmill/job-runtime/client';
import { ConfigError, env, isLoopback, listenHost, sharedSettings } from '@jobmill/platform';
import { readWebhookSettings, type WebhookSettings } from '@jobmill/webhooks';
import { readRepublishConfig, type RepublishConfig } from './jobs/submit-job/republish.config';
import {
  readQueueLimits,
  readTenantLimits,
  type QueueLimits,
  type TenantLimits,
} from '@jobmill/limits';
import { readFairShare, type FairShareSetting } from './limits/fair-share.config';
import { readEventStreamConfig, type EventStreamConfig } from './events/event-stream.config';
import { readCanaryConfig, type CanaryConfig } from './canary/canary.config';

/** Everything the API reads from its environment, validated once at start-up. */
export interface ApiConfig {
  readonly port: number;
  /** HOST: where the API listens (127.0.0.1 unless set). */
  readonly host: string;
  readonly amqpUrl: string;
  readonly databaseUrl: string;
  readonly topologyPrefix: string;
  readonly apiKeys: ReadonlyMap<string, string>;
  readonly adminKeys: ReadonlySet<string>;
  readonly blobDir: string;
  readonly maxUploadBytes: number;
  readonly publishTimeoutMs: number;
  readonly maxBatchJobs: number;
  /** MAX_JSON_BYTES: the largest JSON (or form) body; its default fits MAX_BATCH_JOBS jobs. */
  readonly maxJsonBytes: number;
  /** RATE_LIMIT_PER_MINUTE: a stored key's requests per minute unless it has its own (0: none). */
  readonly rateLimitPerMinute: number;
  /** The workers' admission: a dead letter is requeued only if they would admit it now. */
  readonly admission: AdmissionPolicy;
  /** DISPATCH_INTERVAL_MS: how often each API process looks for due delayed jobs and schedule ticks. */
  readonly dispatchIntervalMs: number;
  /** The outbox sweeper's timing (distributed mode). */
  readonly republish: RepublishConfig;
  /** TENANT_LIMITS: jobs per minute and unfinished jobs per tenant. */
  readonly tenantLimits: TenantLimits;
  /** QUEUE_LIMITS: QUEUED jobs per type past which submissions are refused (backpressure). */
  readonly queueLimits: QueueLimits;
  /** FAIR_SHARE: a tenant's jobs of a type in the broker past which its next ones wait behind. */
  readonly fairShare: FairShareSetting;
  /** JOB_RETENTION in ms: a submission's `retention` may only be shorter. */
  readonly retentionMs: number;
  /** Webhooks: which tenants have a secret, which hosts are exempt from the address rules. */
  readonly webhooks: WebhookSettings;
  /** SSE_*: live event streams. */
  readonly eventStreams: EventStreamConfig;
  /** CANARY_*: the end-to-end probe, off unless CANARY_INTERVAL_MS is set. */
  readonly canary: CanaryConfig;
}

/** Room per job in a batch's JSON body: a submission with every option is under 1 KiB. */
const JSON_BYTES_PER_BATCH_JOB = 2048;

/** Parses `tenant:key` pairs; a key maps to its tenant. */
export function parseApiKeys(pairs: readonly string[]): Map<string, string> {
  const keys = new Map<string, string>();
  for (const pair of pairs) {
    const at = pair.indexOf(':');
    const tenant = pair.slice(0, at);
    const key = pair.slice(at + 1);
    if (at < 1 || key.length < 8 || !TENANT_PATTERN.test(tenant)) {
      throw new ConfigError(
        // The key itself is a secret: name the entry by its tenant part only.
        `API_KEYS entries must be tenant:key with a slug tenant and a key of 8+ characters (entry for '${tenant}')`,
        'API_KEYS',
      );
    }
    keys.set(key, tenant);
  }
  return keys;
}

/** Keys printed in the README, the CLI and the banner: anyone may know them. */
export const DEMO_API_KEYS: ReadonlySet<string> = new Set(['demo-key-123']);

/** A documented demo key must never be reachable from another machine. */
export function refuseExposedDemoKeys(host: string, keys: Iterable<string>): void {
  if (isLoopback(host)) return;
  for (const key of keys) {
    if (!DEMO_API_KEYS.has(key)) continue;
    throw new ConfigError(
      `HOST=${host} exposes the API beyond this machine while API_KEYS or ADMIN_API_KEYS holds the ` +
        `publicly documented demo key '${key}': set your own keys, or leave HOST unset (127.0.0.1)`,
      'API_KEYS',
    );
  }
}

/** JOB_RETENTION ("7d", "12h", ...): the status service deletes finished jobs after it. */
function readJobRetention(): number {
  const value = env.string('JOB_RETENTION', '7d');
  const ms = parseRetention(value);
  if (ms !== undefined) return ms;
  throw new ConfigError(
    `JOB_RETENTION must be a whole number with a unit s, m, h or d (e.g. 7d, 12h), got '${value}'`,
    'JOB_RETENTION',
  );
}

/** Reads and validates the API's configuration. */
export function readApiConfig(): ApiConfig {
  const host = listenHost();
  const apiKeys = parseApiKeys(env.list('API_KEYS', ['demo:demo-key-123']));
  const adminKeys = new Set(env.list('ADMIN_API_KEYS', []));
  refuseExposedDemoKeys(host, [...apiKeys.keys(), ...adminKeys]);
  const maxBatchJobs = env.int('MAX_BATCH_JOBS', 1000, { min: 1, max: 10000 });
  const publishTimeoutMs = env.int('PUBLISH_TIMEOUT_MS', 5000, { min: 100, max: 120000 });
  return {
    port: sharedSettings.port(3000),
    host,
    amqpUrl: sharedSettings.amqpUrl(),
    databaseUrl: sharedSettings.databaseUrl(),
    topologyPrefix: sharedSettings.topologyPrefix(),
    apiKeys,
    adminKeys,
    blobDir: sharedSettings.blobDir(),
    maxUploadBytes: env.int('MAX_UPLOAD_BYTES', 512 * 1024 * 1024, { min: 1 }),
    publishTimeoutMs,
    maxBatchJobs,
    maxJsonBytes: env.int('MAX_JSON_BYTES', maxBatchJobs * JSON_BYTES_PER_BATCH_JOB, { min: 1024 }),
    rateLimitPerMinute: env.int('RATE_LIMIT_PER_MINUTE', 6000, { min: 0 }),
    admission: admissionPolicyOf({
      amqpUrl: sharedSettings.amqpUrl(),
      topologyPrefix: sharedSettings.topologyPrefix(),
      ...sharedSettings.commandAdmission(DEFAULT_MAX_COMMAND_BYTES),
    }),
    republish: readRepublishConfig(publishTimeoutMs),
    tenantLimits: readTenantLimits(),
    queueLimits: readQueueLimits(),
    fairShare: readFairShare(),
    retentionMs: readJobRetention(),
    dispatchIntervalMs: env.int('DISPATCH_INTERVAL_MS', 250, { min: 10, max: 60_000 }),
    webhooks: readWebhookSettings(),
    eventStreams: readEventStreamConfig(),
    canary: readCanaryConfig(),
  };
}

export const API_CONFIG = Symbol('API_CONFIG');
