import 'reflect-metadata';
import { loadConfig, runService } from '@jobmill/platform';
import { readStatusConfig, statusModule } from '@jobmill/status-projection';

const config = loadConfig(readStatusConfig);
void runService({ name: 'status', port: config.port, module: statusModule(config) });
