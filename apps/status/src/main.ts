import 'reflect-metadata';
import { loadConfig, runService } from '@jobmill/platform';
import { readStatusConfig } from './status.config';
import { statusModule } from './status.module';

const config = loadConfig(readStatusConfig);
void runService({ name: 'status', port: config.port, module: statusModule(config) });
