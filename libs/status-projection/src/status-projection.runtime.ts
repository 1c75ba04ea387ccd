import type { OnApplicationBootstrap } from '@nestjs/common';
import { topologyNames } from '@jobmill/contracts';
import { ReplyRouter } from '@jobmill/job-runtime';
import type { ConfirmPublisher, MessageConsumer } from '@jobmill/transport';
import type { JobProjector } from '@jobmill/persistence';
import type { StatusConfig } from './status.config';
import { StatusProjectionHandler } from './status-projection.handler';
import { UnboundCommandReplier } from './unbound-command.replier';

/** Starts consuming the status queue in batches once the app is up (messaging stops it). */
export class StatusProjectionRuntime implements OnApplicationBootstrap {
  constructor(
    private readonly consumer: MessageConsumer,
    private readonly projector: JobProjector,
    private readonly config: StatusConfig,
    /** Replies to refused commands that no worker binds (see UnboundCommandReplier). */
    private readonly publisher?: ConfirmPublisher,
  ) {}

  onApplicationBootstrap(): void {
    const names = topologyNames(this.config.topologyPrefix);
    const replier = this.publisher
      ? new UnboundCommandReplier(new ReplyRouter(this.publisher), names, this.config.admission)
      : undefined;
    const handler = new StatusProjectionHandler(
      this.projector,
      names,
      this.config.admission,
      undefined,
      replier,
    );
    this.consumer.consumeBatch({
      queue: names.statusQueue,
      // Two batches in flight: one being written while the next one fills.
      prefetch: this.config.batchSize * 2,
      maxBatch: this.config.batchSize,
      maxWaitMs: this.config.batchWaitMs,
      handler: (messages) => handler.handle(messages),
      onGraceExpired: () => handler.stop(),
    });
  }
}
