import 'reflect-metadata';
import { setupOpenApi, useBodyLimits } from '@jobmill/api';
import { startJobServers } from '@jobmill/job-runtime';
import { InProcessBroker } from '@jobmill/transport';
import { createLogger, loadConfig, runService } from '@jobmill/platform';
import { bannerOf } from './banner';
import { readEmbeddedConfig } from './embedded.config';
import { openEmbeddedDatabase } from './embedded-database';
import { embeddedModule } from './embedded.module';

const config = loadConfig(readEmbeddedConfig);
const logger = createLogger('jobmill');

async function main(): Promise<void> {
  const database = await openEmbeddedDatabase(config, logger);
  const broker = new InProcessBroker();
  await runService({
    name: 'jobmill',
    port: config.port,
    host: config.api.host,
    module: embeddedModule(config, { broker, database }),
    configure: async (nest) => {
      useBodyLimits(nest, config.api);
      setupOpenApi(nest);
      // Both workers' job servers, each on its own queue of the in-process broker.
      await startJobServers(nest);
    },
    logger,
  });
  process.stdout.write(
    `${bannerOf(config.api.host, config.port, config.dataDir, database.location)}\n`,
  );
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, `jobmill could not start: ${(error as Error).message}`);
  process.exit(1);
});
