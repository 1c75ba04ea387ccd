import { connect, type ConfirmChannel, type ChannelModel } from 'amqplib';
import { partnerCommand } from '../../test/support/partner-command';
import type { ApiClient } from '../../test/support/api-client';
import { between, pick } from './seeded-random';

/** What the load's submissions were answered: only `accepted` jobs are owed an outcome. */
export interface LoadTally {
  /** 202 over REST, or a publish the broker confirmed. */
  readonly accepted: Set<string>;
  /** 503, or no answer at all (the API or the broker away): the submitter was told nothing was promised. */
  refused: number;
  /** Published, but the channel closed before the confirm: the job may or may not exist. */
  readonly unconfirmed: Set<string>;
  /** Any other answer: a broken promise of the API (a 500, a 503 without Retry-After, ...). */
  readonly wrong: string[];
  cancels: number;
  readonly byPath: { rest: number; batch: number; amqp: number };
}

/** The load's connection to the broker, while it lasts. */
interface AmqpSession {
  readonly model: ChannelModel;
  readonly channel: ConfirmChannel;
  /** Publishes awaiting their confirm: a channel that closes never confirms them. */
  readonly pending: Set<(confirmed: boolean) => void>;
}

/** How long a ping holds its slot: mostly instant, some long enough to be running when a worker dies. */
const DURATIONS_MS = [0, 0, 0, 0, 20, 200, 1_000, 3_000];
export const MEAN_PING_SECONDS =
  DURATIONS_MS.reduce((a, b) => a + b, 0) / DURATIONS_MS.length / 1000;
const BATCH_SIZE = 10;
const TICK_MS = 100;

/**
 * A steady mix of submissions while faults come and go: single REST requests, REST batches,
 * commands published straight onto the exchange (as another system would) and cancellations of
 * recent jobs. Each submission's answer decides whether the platform owes the job an outcome.
 */
export class ChaosLoad {
  readonly tally: LoadTally = {
    accepted: new Set(),
    refused: 0,
    unconfirmed: new Set(),
    wrong: [],
    cancels: 0,
    byPath: { rest: 0, batch: 0, amqp: 0 },
  };
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly recent: string[] = [];
  private amqp: AmqpSession | undefined;
  private connecting = false;

  constructor(
    private readonly api: ApiClient,
    private readonly amqpUrl: string,
    private readonly commandsExchange: string,
    private readonly random: () => number,
    private readonly jobsPerSecond: number,
  ) {}

  start(): void {
    let owed = 0;
    this.timer = setInterval(() => {
      owed += (this.jobsPerSecond * TICK_MS) / 1000;
      while (owed >= 1) {
        // Of the draws: 4 % a batch of ten, 56 % one REST request, 40 % one AMQP command.
        const roll = this.random();
        if (roll < 0.04) {
          this.track(this.restBatch());
          owed -= BATCH_SIZE;
        } else {
          this.track(roll < 0.6 ? this.restOne() : this.amqpOne());
          owed -= 1;
        }
        if (this.random() < 0.03) this.track(this.cancelOne());
      }
    }, TICK_MS);
  }

  /** Stops submitting and waits for every answer still out. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.amqp?.model.close().catch(() => undefined);
  }

  private track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.tally.wrong.push(`load: ${(error as Error).message}`);
    });
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private input(): { durationMs: number } {
    return { durationMs: pick(this.random, DURATIONS_MS) };
  }

  /**
   * A REST submission with the options whose promises the faults should test too: a priority
   * lane, a delay (the job waits PENDING in the database for the API's dispatcher), a pipeline
   * (the next step is submitted when the first ends; single submissions only, as the API
   * refuses a pipeline in a batch). Most submissions carry none.
   */
  private submission(single = true): Record<string, unknown> {
    const job: Record<string, unknown> = { type: 'system.ping', input: this.input() };
    const roll = this.random();
    if (roll < 0.1) job['priority'] = pick(this.random, ['high', 'low']);
    else if (roll < 0.2) job['delayMs'] = between(this.random, 500, 8_000);
    else if (roll < 0.25 && single) job['then'] = [{ type: 'system.ping' }];
    return job;
  }

  private accept(ids: readonly string[]): void {
    for (const id of ids) {
      this.tally.accepted.add(id);
      this.recent.push(id);
    }
    if (this.recent.length > 200) this.recent.splice(0, this.recent.length - 200);
  }

  /** Sorts a REST answer: 202 accepted, 503 with Retry-After refused, anything else wrong. */
  private async answer(res: Response, what: string): Promise<unknown> {
    if (res.status === 202) return res.json();
    const body = await res.text();
    if (res.status === 503 && res.headers.get('retry-after')) this.tally.refused += 1;
    else this.tally.wrong.push(`${what}: ${res.status} ${body.slice(0, 200)}`);
    return undefined;
  }

  private async restOne(): Promise<void> {
    this.tally.byPath.rest += 1;
    const res = await this.api
      .request('POST', '/v1/jobs', this.submission())
      .catch(() => undefined);
    if (!res) {
      this.tally.refused += 1;
      return;
    }
    const body = (await this.answer(res, 'POST /v1/jobs')) as { id: string } | undefined;
    if (body) this.accept([body.id]);
  }

  private async restBatch(): Promise<void> {
    this.tally.byPath.batch += BATCH_SIZE;
    const jobs = Array.from({ length: BATCH_SIZE }, () => this.submission(false));
    const res = await this.api.request('POST', '/v1/jobs/batch', { jobs }).catch(() => undefined);
    if (!res) {
      this.tally.refused += BATCH_SIZE;
      return;
    }
    const body = (await this.answer(res, 'POST /v1/jobs/batch')) as
      { jobs: Array<{ id: string }> } | undefined;
    if (body) this.accept(body.jobs.map((job) => job.id));
  }

  private async amqpOne(): Promise<void> {
    this.tally.byPath.amqp += 1;
    const amqp = await this.session();
    if (!amqp) {
      this.tally.refused += 1;
      return;
    }
    const { channel, pending } = amqp;
    const command = partnerCommand({ input: this.input() });
    const confirmed = await new Promise<boolean>((settle) => {
      const resolve = (ok: boolean) => {
        pending.delete(resolve);
        settle(ok);
      };
      pending.add(resolve);
      try {
        channel.publish(
          this.commandsExchange,
          'system.ping',
          Buffer.from(JSON.stringify(command)),
          {
            persistent: true,
            mandatory: true,
            contentType: 'application/cloudevents+json',
            messageId: command.id,
            userId: new URL(this.amqpUrl).username,
          },
          (error: unknown) => resolve(!error),
        );
      } catch {
        resolve(false);
      }
    });
    if (confirmed) this.accept([command.subject]);
    else this.tally.unconfirmed.add(command.subject);
  }

  /** The confirm channel and its connection, reconnected after the broker went away; undefined while it is away. */
  private async session(): Promise<AmqpSession | undefined> {
    if (this.amqp) return this.amqp;
    if (this.connecting) return undefined;
    this.connecting = true;
    try {
      const model = await connect(this.amqpUrl);
      const channel = await model.createConfirmChannel();
      const pending = new Set<(confirmed: boolean) => void>();
      const lost = () => {
        if (this.amqp?.model === model) this.amqp = undefined;
        for (const resolve of [...pending]) resolve(false);
      };
      model.on('error', lost);
      model.on('close', lost);
      channel.on('error', lost);
      channel.on('close', lost);
      channel.on('return', (message: { properties: { messageId?: string } }) => {
        this.tally.wrong.push(`returned (unroutable): ${message.properties.messageId}`);
      });
      this.amqp = { model, channel, pending };
      return this.amqp;
    } catch {
      return undefined;
    } finally {
      this.connecting = false;
    }
  }

  private async cancelOne(): Promise<void> {
    if (this.recent.length === 0) return;
    const id = this.recent[between(this.random, 0, this.recent.length - 1)];
    const res = await this.api.request('POST', `/v1/jobs/${id}/cancel`).catch(() => undefined);
    if (!res) return;
    await res.arrayBuffer();
    if ([200, 202, 409].includes(res.status)) this.tally.cancels += 1;
    else if (res.status !== 503 && res.status !== 404)
      this.tally.wrong.push(`POST cancel: ${res.status}`);
  }
}
