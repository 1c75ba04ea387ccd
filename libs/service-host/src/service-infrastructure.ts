import type { DynamicModule } from '@nestjs/common';
import { HealthModule } from '@jobmill/health';
import { Messaging, MessagingModule, type MessagingOptions } from '@jobmill/messaging';
import { JobStore, PersistenceModule, type DatabaseOptions } from '@jobmill/persistence';

/** What one process's shared infrastructure is built from. */
export interface ServiceInfrastructureOptions {
  readonly messaging: MessagingOptions;
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
 * The imports every service's root module starts with: messaging, the read model and health
 * (ready while the transport is connected and the database answers). All three are global, so
 * feature modules beside them inject Messaging, COMMAND_EXECUTOR, JobStore, ... directly.
 */
export function serviceInfrastructure(options: ServiceInfrastructureOptions): DynamicModule[] {
  return [
    MessagingModule.forRoot(options.messaging),
    PersistenceModule.forRoot(options.database),
    HealthModule.forRootAsync({
      inject: [Messaging, JobStore],
      useFactory: (messaging: Messaging, jobs: JobStore) => ({
        indicators: [
          {
            name: options.indicators?.messaging ?? 'rabbitmq',
            check: () => messaging.isConnected(),
          },
          { name: options.indicators?.database ?? 'postgres', check: () => jobs.ping() },
        ],
      }),
    }),
  ];
}
