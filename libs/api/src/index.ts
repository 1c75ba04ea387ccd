export { readApiConfig, type ApiConfig } from './api.config';
export { apiFeatureModule } from './api-feature.module';
export { apiModule } from './api.module';
export { setupOpenApi } from './docs/openapi';
export { useBodyLimits } from './http/body-limits';
