import type { DynamicModule } from '@nestjs/common';
import { HealthModule } from '@jobmill/health';
import { Transport, TransportModule, type TransportOptions } from '@jobmill/transport';
import { JobStore, PersistenceModule, type DatabaseOptions } from '@jobmill/persistence';

/** What one process's shared infrastructure is built from. */
export interface ServiceInfrastructureOptions {
  /** The transport's options. */
  readonly messaging: TransportOptions;
  readonly database: DatabaseOptions;
  /** Readiness check names, as they appear in `/health/ready`. */
  readonly indicators?: {
    /** Default `rabbitmq`. */
    readonly messaging?: string;
    /** Default `postgres`. */
    readonly database?: string;
  };
}

/**
 * The imports every service's root module starts with: the transport, the read model and health
 * (ready while the transport is connected and the database answers). All three are global, so
 * feature modules beside them inject Transport, COMMAND_EXECUTOR, JobStore, ... directly.
 */
export function serviceInfrastructure(options: ServiceInfrastructureOptions): DynamicModule[] {
  return [
    TransportModule.forRoot(options.messaging),
    PersistenceModule.forRoot(options.database),
    HealthModule.forRootAsync({
      inject: [Transport, JobStore],
      useFactory: (transport: Transport, jobs: JobStore) => ({
        indicators: [
          {
            name: options.indicators?.messaging ?? 'rabbitmq',
            check: () => transport.isConnected(),
          },
          { name: options.indicators?.database ?? 'postgres', check: () => jobs.ping() },
        ],
      }),
    }),
  ];
}
