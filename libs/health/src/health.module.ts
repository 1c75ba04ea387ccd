import { type DynamicModule, Module, type ModuleMetadata, type Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { EventLoopMonitor } from './event-loop.monitor';
import { HealthController } from './health.controller';
import { HEALTH_OPTIONS, type HealthModuleOptions } from './readiness.indicator';
import { ReadinessRegistry } from './readiness.registry';

/** Options for HealthModule.forRootAsync, when indicators need injected dependencies. */
export interface HealthModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: Array<string | symbol | (abstract new (...args: never[]) => unknown)>;
  useFactory: (...deps: never[]) => HealthModuleOptions | Promise<HealthModuleOptions>;
  gracefulShutdownTimeoutMs?: number;
}

/** Liveness and readiness endpoints on terminus; global so any module can inject ReadinessRegistry. */
@Module({})
export class HealthModule {
  /** Registers `/health/live` and `/health/ready` with the given readiness indicators. */
  static forRoot(options: HealthModuleOptions = {}): DynamicModule {
    return HealthModule.build(
      { provide: HEALTH_OPTIONS, useValue: options },
      options.gracefulShutdownTimeoutMs,
    );
  }

  /** As forRoot, with options built from injected dependencies. */
  static forRootAsync(options: HealthModuleAsyncOptions): DynamicModule {
    const provider: Provider = {
      provide: HEALTH_OPTIONS,
      useFactory: options.useFactory as (...deps: unknown[]) => unknown,
      inject: options.inject ?? [],
    };
    return HealthModule.build(provider, options.gracefulShutdownTimeoutMs, options.imports);
  }

  private static build(
    optionsProvider: Provider,
    gracefulShutdownTimeoutMs = 0,
    imports: ModuleMetadata['imports'] = [],
  ): DynamicModule {
    return {
      module: HealthModule,
      global: true,
      imports: [
        ...imports,
        TerminusModule.forRoot({ errorLogStyle: 'json', gracefulShutdownTimeoutMs }),
      ],
      controllers: [HealthController],
      providers: [optionsProvider, ReadinessRegistry, EventLoopMonitor],
      exports: [ReadinessRegistry],
    };
  }
}
