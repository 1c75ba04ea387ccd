import type { DynamicModule } from '@nestjs/common';
import { HealthModule } from '@jobmill/health';
import { sharedSettings } from '@jobmill/platform';
import { Transport, TransportModule, type TransportOptions } from '@jobmill/transport';
import { JobStore, PersistenceModule, type DatabaseOptions } from '@jobmill/persistence';
import { ServiceMetricsModule } from './metrics/service-metrics.module';
import { SqlMetrics } from './metrics/sql.metrics';
import { TransportMetrics } from './metrics/transport.metrics';

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
 * (ready while the transport is connected and the database answers), both observed by the
 * service's metrics (AMQP messages, confirms, SQL statements, queue depths). All three are
 * global, so feature modules beside them inject Transport, COMMAND_EXECUTOR, JobStore, ... directly.
 */
export function serviceInfrastructure(options: ServiceInfrastructureOptions): DynamicModule[] {
  return [
    TransportModule.forRoot({ observer: new TransportMetrics(), ...options.messaging }),
    PersistenceModule.forRoot({
      observer: new SqlMetrics(),
      preparedStatements: sharedSettings.preparedStatements(),
      ...options.database,
    }),
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
    { module: ServiceMetricsModule },
  ];
}
