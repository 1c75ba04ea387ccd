export { readStatusConfig, type StatusConfig } from './status.config';
export { statusFeatureModule } from './status-feature.module';
export { statusModule } from './status.module';
