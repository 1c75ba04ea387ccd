import { Module, type Type } from '@nestjs/common';
import { MessageConsumer, Transport } from '@jobmill/transport';
import { JobProjector } from '@jobmill/persistence';
import type { StatusConfig } from './status.config';
import { StatusProjectionRuntime } from './status-projection.runtime';

/**
 * The projection without its infrastructure: consumes the status queue into the read model
 * through the global MessageConsumer and JobProjector of whatever hosts it.
 */
export function statusFeatureModule(config: StatusConfig): Type<unknown> {
  @Module({
    providers: [
      {
        provide: StatusProjectionRuntime,
        inject: [MessageConsumer, JobProjector, Transport],
        useFactory: (consumer: MessageConsumer, projector: JobProjector, transport: Transport) =>
          new StatusProjectionRuntime(consumer, projector, config, transport.publisher),
      },
    ],
  })
  class StatusFeatureModule {}
  return StatusFeatureModule;
}
