import path from 'node:path';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import {
  DATA_SOURCE,
  openEmbeddedPostgres,
  type DataSource,
  type DatabaseOptions,
  type EmbeddedPostgres,
  type EmbeddedPostgresLogger,
} from '@jobmill/persistence';
import type { EmbeddedConfig } from './embedded.config';

/** The read model's database: DATABASE_URL's server if set, else PostgreSQL in DATA_DIR. */
export interface EmbeddedDatabase {
  readonly options: DatabaseOptions;
  /** Where the data lives, for the banner. */
  readonly location: string;
  readonly engine?: EmbeddedPostgres;
}

export async function openEmbeddedDatabase(
  config: EmbeddedConfig,
  logger: EmbeddedPostgresLogger,
): Promise<EmbeddedDatabase> {
  const applicationName = 'jobmill-embedded';
  if (config.databaseUrl) {
    const location = new URL(config.databaseUrl).host;
    return { options: { url: config.databaseUrl, applicationName }, location };
  }
  const dataDir = path.join(config.dataDir, 'postgres');
  const { sharedBuffersMb } = config;
  const engine = await openEmbeddedPostgres({ dataDir, logger, sharedBuffersMb });
  return { options: engine.databaseOptions(applicationName), location: dataDir, engine };
}

export const EMBEDDED_DATABASE = Symbol('EMBEDDED_DATABASE');

/** Closes the embedded engine last, after the pool, so everything written reaches the disk. */
@Injectable()
export class EmbeddedDatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EMBEDDED_DATABASE) private readonly database: EmbeddedDatabase,
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    await this.database.engine?.close();
  }
}
