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
import { metrics, PeriodicRound } from '@jobmill/platform';
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
  private readonly rounds: PeriodicRound<number>;

  constructor(
    private readonly deliveries: WebhookDeliveryStore,
    private readonly secrets: WebhookSecretStore,
    private readonly settings: WebhookSettings,
  ) {
    // A full batch suggests more is due: the next round comes at once.
    this.rounds = new PeriodicRound({
      run: () => this.deliverDue(),
      intervalMs: this.settings.pollMs,
      firstDelayMs: 0,
      nextDelayMs: (handled: number) => (handled === BATCH ? 0 : this.settings.pollMs),
      failure: 'webhook round failed',
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.rounds.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.rounds.stop();
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
