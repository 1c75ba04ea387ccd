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
import { MessageConsumer } from '../consuming/message-consumer';
import { Messaging, JobCommandRunnerFactory, type MessagingOptions } from '../messaging';
import { COMMAND_EXECUTOR } from '../publishing/command-executor.port';
import { EVENT_PUBLISHER } from '../publishing/event-publisher.port';

/** Nest injection token of the MessagingOptions given to `forRoot`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Starts connecting at init; on shutdown stops consumers (drain), then closes the connection. */
@Injectable()
export class MessagingLifecycle
  implements OnModuleInit, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(@Inject(Messaging) private readonly messaging: Messaging) {}

  onModuleInit(): void {
    this.messaging.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.messaging.consumer.stopAll();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.messaging.connection.close();
  }
}

/**
 * The transport for a Nest app (RabbitMQ, or the in-process broker when the options carry one):
 * Messaging (for health: `isConnected()`), COMMAND_EXECUTOR, EVENT_PUBLISHER, MessageConsumer
 * and JobCommandRunnerFactory. Global.
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions): DynamicModule {
    const fromMessaging = <T>(provide: InjectionToken, pick: (m: Messaging) => T): Provider => ({
      provide,
      useFactory: pick,
      inject: [Messaging],
    });
    const providers: Provider[] = [
      { provide: MESSAGING_OPTIONS, useValue: options },
      { provide: Messaging, useFactory: () => new Messaging(options) },
      fromMessaging(COMMAND_EXECUTOR, (m) => m.executor),
      fromMessaging(EVENT_PUBLISHER, (m) => m.events),
      fromMessaging(MessageConsumer, (m) => m.consumer),
      fromMessaging(JobCommandRunnerFactory, (m) => m.runners),
      MessagingLifecycle,
    ];
    return {
      module: MessagingModule,
      global: true,
      providers,
      exports: [
        MESSAGING_OPTIONS,
        Messaging,
        COMMAND_EXECUTOR,
        EVENT_PUBLISHER,
        MessageConsumer,
        JobCommandRunnerFactory,
      ],
    };
  }
}
