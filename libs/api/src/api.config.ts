import { TENANT_PATTERN } from '@jobmill/contracts';
import { ConfigError, env, sharedSettings } from '@jobmill/platform';
import { readRepublishConfig, type RepublishConfig } from './jobs/submit-job/republish.config';

/** Everything the API reads from its environment, validated once at start-up. */
export interface ApiConfig {
  readonly port: number;
  readonly amqpUrl: string;
  readonly databaseUrl: string;
  readonly topologyPrefix: string;
  readonly apiKeys: ReadonlyMap<string, string>;
  readonly adminKeys: ReadonlySet<string>;
  readonly blobDir: string;
  readonly maxUploadBytes: number;
  readonly publishTimeoutMs: number;
  readonly maxBatchJobs: number;
  /** The outbox sweeper's timing (distributed mode). */
  readonly republish: RepublishConfig;
}

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

/** Reads and validates the API's configuration. */
export function readApiConfig(): ApiConfig {
  const publishTimeoutMs = env.int('PUBLISH_TIMEOUT_MS', 5000, { min: 100, max: 120000 });
  return {
    port: sharedSettings.port(3000),
    amqpUrl: sharedSettings.amqpUrl(),
    databaseUrl: sharedSettings.databaseUrl(),
    topologyPrefix: sharedSettings.topologyPrefix(),
    apiKeys: parseApiKeys(env.list('API_KEYS', ['demo:demo-key-123'])),
    adminKeys: new Set(env.list('ADMIN_API_KEYS', [])),
    blobDir: sharedSettings.blobDir(),
    maxUploadBytes: env.int('MAX_UPLOAD_BYTES', 512 * 1024 * 1024, { min: 1 }),
    publishTimeoutMs,
    maxBatchJobs: env.int('MAX_BATCH_JOBS', 1000, { min: 1, max: 10000 }),
    republish: readRepublishConfig(publishTimeoutMs),
  };
}

export const API_CONFIG = Symbol('API_CONFIG');
