import path from 'node:path';
import { readApiConfig, type ApiConfig } from '@jobmill/api';
import { env, sharedSettings } from '@jobmill/platform';
import { DEFAULT_SHARED_BUFFERS_MB } from '@jobmill/persistence';
import { readStatusConfig, type StatusConfig } from '@jobmill/status-projection';
import { readWorkerConfig, type WorkerConfig } from '@jobmill/worker-host';

/** Embedded mode: every service in this process, their settings read as each reads its own. */
export interface EmbeddedConfig {
  /** The API's port; health and metrics of everything are served there too. */
  readonly port: number;
  /** DATA_DIR: the embedded database and, unless BLOB_DIR says otherwise, the blobs. */
  readonly dataDir: string;
  /** DATABASE_URL, when set: the read model lives on that server instead of in DATA_DIR. */
  readonly databaseUrl?: string;
  /** EMBEDDED_SHARED_BUFFERS_MB: the embedded engine's shared_buffers (not a server's). */
  readonly sharedBuffersMb: number;
  readonly api: ApiConfig;
  readonly status: StatusConfig;
  readonly worker: WorkerConfig;
}

/** Reads and validates embedded mode's configuration. */
export function readEmbeddedConfig(): EmbeddedConfig {
  const dataDir = path.resolve(env.string('DATA_DIR', './data'));
  const blobDir = path.resolve(env.string('BLOB_DIR', path.join(dataDir, 'blobs')));
  const databaseUrl = process.env['DATABASE_URL'] ? sharedSettings.databaseUrl() : undefined;
  return {
    port: sharedSettings.port(3000),
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    // PGlite runs in 32-bit WebAssembly: its whole memory is at most 4 GB.
    sharedBuffersMb: env.int('EMBEDDED_SHARED_BUFFERS_MB', DEFAULT_SHARED_BUFFERS_MB, {
      min: 1,
      max: 1024,
    }),
    api: { ...readApiConfig(), blobDir },
    status: forEmbedded(readStatusConfig(), blobDir, !databaseUrl),
    worker: { ...readWorkerConfig(3000), blobDir },
  };
}

/**
 * The status service's retention works on embedded mode's blob folder; on the embedded engine
 * (no DATABASE_URL), which runs no autovacuum, its table upkeep vacuums.
 */
function forEmbedded(status: StatusConfig, blobDir: string, ownEngine: boolean): StatusConfig {
  return {
    ...status,
    retention: { ...status.retention, blobDir },
    tableUpkeep: { ...status.tableUpkeep, engineWithoutAutovacuum: ownEngine },
  };
}
