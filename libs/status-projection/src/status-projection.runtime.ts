import type { OnApplicationBootstrap } from '@nestjs/common';
import { isEventRoutingKey, topologyNames } from '@jobmill/contracts';
import { ReplyRouter } from '@jobmill/job-runtime';
import type { EventPublisher, MessageConsumer } from '@jobmill/transport';
import type { JobProjector } from '@jobmill/persistence';
import { PartnerSubmissionGate, type PartnerGateDeps } from './limits/partner-submission.gate';
import type { StatusConfig } from './status.config';
import { StatusProjectionHandler } from './status-projection.handler';
import { UnboundCommandReplier } from './unbound-command.replier';

/**
 * How long an idle projector waits, after a delivery of job.started events, for the delivery
 * of the same publish window's outcomes: a worker sends a short job's start just before its
 * outcome, and the two in one batch are one write of the job's row instead of two.
 */
const STARTED_FOLLOWER_WAIT_MS = 2;
const isStartedDelivery = (routingKey: string): boolean => isEventRoutingKey(routingKey, 'started');

/** Starts consuming the status queue in batches once the app is up (messaging stops it). */
export class StatusProjectionRuntime implements OnApplicationBootstrap {
  constructor(
    private readonly consumer: MessageConsumer,
    private readonly projector: JobProjector,
    private readonly config: StatusConfig,
    /** Replies to refused commands and publishes the refusals for load (see the gate). */
    private readonly messaging: {
      readonly replies: ReplyRouter;
      readonly events: EventPublisher;
      readonly stores: Omit<PartnerGateDeps, 'replies' | 'events'>;
    },
  ) {}

  onApplicationBootstrap(): void {
    const names = topologyNames(this.config.topologyPrefix);
    const { replies, events, stores } = this.messaging;
    const replier = new UnboundCommandReplier(replies, names, this.config.admission);
    const gate = new PartnerSubmissionGate(
      { ...stores, replies, events },
      this.config.queueLimits,
      this.config.tenantLimits,
    );
    const handler = new StatusProjectionHandler(
      this.projector,
      names,
      this.config.admission,
      undefined,
      replier,
      gate,
    );
    this.consumer.consumeBatch({
      queue: names.statusQueue,
      prefetch: this.config.prefetch,
      maxBatch: this.config.batchSize,
      maxWaitMs: this.config.batchWaitMs,
      awaitsFollower: isStartedDelivery,
      followerWaitMs: STARTED_FOLLOWER_WAIT_MS,
      handler: (messages) => handler.handle(messages),
      onGraceExpired: () => handler.stop(),
    });
  }
}
