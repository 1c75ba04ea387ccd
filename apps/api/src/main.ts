import 'reflect-metadata';
import { apiModule, readApiConfig, setupOpenApi, useBodyLimits } from '@jobmill/api';
import { loadConfig, runService } from '@jobmill/platform';

const config = loadConfig(readApiConfig);
void runService({
  name: 'api',
  port: config.port,
  host: config.host,
  module: apiModule(config),
  configure: (app) => {
    useBodyLimits(app, config);
    setupOpenApi(app);
  },
});
