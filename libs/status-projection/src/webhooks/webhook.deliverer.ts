import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type {
  ClaimedDelivery,
  WebhookDeliveryStore,
  WebhookSecretStore,
} from '@jobmill/persistence';
import { metrics } from '@jobmill/platform';
import type { WebhookSettings } from '@jobmill/webhooks';
import { attemptDelivery } from './webhook-attempt';

/** Deliveries claimed per round: POSTed concurrently, recorded one statement each. */
const BATCH = 20;
/** A claim hides a delivery this much longer than one attempt can take. */
const LEASE_MARGIN_MS = 30_000;

/**
 * Sends the webhooks the read model scheduled (a trigger adds a delivery whenever a job with a
 * callbackUrl reaches a terminal state): claims due ones with FOR UPDATE SKIP LOCKED, so status
 * replicas share them, POSTs each, records every attempt in the job's history and reschedules
 * failures with backoff. It runs beside the projection and never holds it up.
 */
export class WebhookDeliverer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDeliverer');
  private readonly attempts = metrics.counter(
    'webhook_attempts_total',
    'Webhook delivery attempts, by outcome',
    ['outcome'],
  );
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly deliveries: WebhookDeliveryStore,
    private readonly secrets: WebhookSecretStore,
    private readonly settings: WebhookSettings,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }

  /** One round: claims what is due, delivers it; resolves to how many deliveries it handled. */
  async deliverDue(): Promise<number> {
    const claimed = await this.deliveries.claimDue(
      BATCH,
      this.settings.timeoutMs + LEASE_MARGIN_MS,
    );
    if (claimed.length === 0) return 0;
    const secrets = await this.secretsOf(claimed);
    await Promise.all(
      claimed.map(async (delivery) => {
        const record = await attemptDelivery(delivery, secrets.get(delivery.tenant), this.settings);
        await this.deliveries.record(record);
        this.attempts.inc({
          outcome: record.delivered ? 'delivered' : record.nextAttemptAt ? 'retry' : 'failed',
        });
      }),
    );
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      const round = this.deliverDue().catch((error: unknown) => {
        this.logger.warn(`webhook round failed: ${(error as Error).message}`);
        return 0;
      });
      this.round = round;
      void round.then((handled) => this.schedule(handled === BATCH ? 0 : this.settings.pollMs));
    }, delayMs);
    this.timer.unref();
  }

  /**
   * The secrets that sign each tenant's deliveries, newest first: the newest stored one, else
   * the one WEBHOOK_SECRETS names; within a rotation's grace also the secret it replaced.
   */
  private async secretsOf(
    claimed: readonly ClaimedDelivery[],
  ): Promise<Map<string, readonly string[]>> {
    const tenants = [...new Set(claimed.map((d) => d.tenant))];
    const stored = await this.secrets.signing(tenants);
    const signing = new Map<string, readonly string[]>();
    for (const tenant of tenants) {
      const configured = this.settings.secrets.get(tenant);
      const own = stored.get(tenant);
      const previous = own?.inGrace ? (own.previous ?? configured) : undefined;
      const found = own ? [own.newest, previous] : [configured];
      const secrets = found.filter((s): s is string => s !== undefined);
      if (secrets.length > 0) signing.set(tenant, secrets);
    }
    return signing;
  }
}
