import {
  Inject,
  Injectable,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type Provider,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { MessageConsumer } from '../consuming/message.consumer';
import { Transport, type TransportOptions } from '../transport.facade';
import { COMMAND_EXECUTOR } from '../publishing/command-executor.port';
import { EVENT_PUBLISHER } from '../publishing/event-publisher.port';

/** Nest injection token of the TransportOptions given to `forRoot`. */
export const TRANSPORT_OPTIONS = Symbol('TRANSPORT_OPTIONS');

/** Starts connecting at init; on shutdown stops consumers (drain), then closes the connection. */
@Injectable()
export class TransportLifecycle
  implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(@Inject(Transport) private readonly transport: Transport) {}

  onModuleInit(): void {
    this.transport.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.consumer.stopAll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.transport.connection.close();
  }
}

/**
 * The transport for a Nest app (RabbitMQ, or the in-process broker when the options carry one):
 * Transport (for health: `isConnected()`), COMMAND_EXECUTOR, EVENT_PUBLISHER and MessageConsumer.
 * Global.
 */
@Module({})
export class TransportModule {
  static forRoot(options: TransportOptions): DynamicModule {
    const fromTransport = <T>(provide: InjectionToken, pick: (m: Transport) => T): Provider => ({
      provide,
      useFactory: pick,
      inject: [Transport],
    });
    const providers: Provider[] = [
      { provide: TRANSPORT_OPTIONS, useValue: options },
      { provide: Transport, useFactory: () => new Transport(options) },
      fromTransport(COMMAND_EXECUTOR, (m) => m.executor),
      fromTransport(EVENT_PUBLISHER, (m) => m.events),
      fromTransport(MessageConsumer, (m) => m.consumer),
      TransportLifecycle,
    ];
    return {
      module: TransportModule,
      global: true,
      providers,
      exports: [TRANSPORT_OPTIONS, Transport, COMMAND_EXECUTOR, EVENT_PUBLISHER, MessageConsumer],
    };
  }
}
