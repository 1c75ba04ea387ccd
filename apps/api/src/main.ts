import 'reflect-metadata';
import { loadConfig, runService } from '@jobmill/platform';
import { readApiConfig } from './api.config';
import { apiModule } from './api.module';
import { setupOpenApi } from './docs/openapi';

const config = loadConfig(readApiConfig);
void runService({
  name: 'api',
  port: config.port,
  module: apiModule(config),
  configure: (app) => setupOpenApi(app),
});
