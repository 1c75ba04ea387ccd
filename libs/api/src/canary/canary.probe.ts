import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatRetention, TERMINAL_STATES, type JobState } from '@jobmill/contracts';
import { PeriodicRound } from '@jobmill/platform';
import { JobStore } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { SubmitJobHandler } from '../jobs/submit-job/submit-job.handler';
import { canaryOutcomeOf, type CanaryOutcome } from './canary-outcome';
import { canaryMetrics, type CanaryMetrics } from './canary.metrics';

/** A probe's job is kept this long after it ends (or JOB_RETENTION, if shorter). */
const CANARY_RETENTION_MS = 60 * 60 * 1000;

/** Polls as a client would: often while a healthy job would end, then gently. */
const pollDelayMs = (elapsedMs: number): number => (elapsedMs < 1_000 ? 10 : 200);

/**
 * The canary (CANARY_INTERVAL_MS; off by default): every interval this API process submits a
 * `system.ping` of 0 ms, at high priority so a backlog of other work does not hide a broken
 * path, through the same handler as POST /v1/jobs, and polls the read model until the job is
 * terminal. So it proves the whole path (API, broker, a detection worker, the status service,
 * PostgreSQL) where every other alert infers it from one part. Results go to /metrics, which
 * JobmillCanaryFailing watches; a probe that does not succeed is logged with its job id.
 */
@Injectable()
export class CanaryProbe implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CanaryProbe');
  /** Both undefined while the canary is off (CANARY_INTERVAL_MS 0). */
  private readonly rounds: PeriodicRound<void> | undefined;
  private readonly figures: CanaryMetrics | undefined;
  /** Aborts a probe's wait at shutdown, which would otherwise last up to CANARY_TIMEOUT_MS. */
  private readonly stopping = new AbortController();

  constructor(
    private readonly submissions: SubmitJobHandler,
    private readonly jobs: JobStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    const { intervalMs } = config.canary;
    if (intervalMs === 0) return;
    this.figures = canaryMetrics();
    this.rounds = new PeriodicRound({
      run: () => this.probe(),
      intervalMs,
      failure: 'Canary probe failed',
      logger: this.logger,
    });
  }

  onApplicationBootstrap(): void {
    this.rounds?.start();
  }

  beforeApplicationShutdown(): Promise<void> | undefined {
    this.stopping.abort();
    return this.rounds?.stop();
  }

  /** One probe: submit, wait for the end, count it. */
  async probe(): Promise<void> {
    const { tenant, timeoutMs } = this.config.canary;
    const submittedAt = Date.now();
    let id: string;
    try {
      const { job } = await this.submissions.submit(tenant, {
        type: 'system.ping',
        input: {},
        priority: 'high',
        retention: formatRetention(Math.min(CANARY_RETENTION_MS, this.config.retentionMs)),
      });
      id = job.id;
    } catch (error) {
      if (this.stopping.signal.aborted) return;
      this.count('refused', `the submission was refused: ${(error as Error).message}`);
      return;
    }
    const status = await this.waitForEnd(tenant, id, submittedAt + timeoutMs);
    if (status === undefined) return;
    const outcome = canaryOutcomeOf(status);
    if (outcome !== 'succeeded')
      return this.count(outcome, `job ${id} is ${status} after ${Date.now() - submittedAt} ms`);
    const now = Date.now();
    this.figures?.duration.observe((now - submittedAt) / 1000);
    this.figures?.lastSuccess.set(now / 1000);
    this.figures?.runs.inc({ outcome });
  }

  /** The job's terminal status, or its last status at the deadline; undefined at shutdown. */
  private async waitForEnd(
    tenant: string,
    id: string,
    deadline: number,
  ): Promise<JobState | undefined> {
    const start = Date.now();
    let status: JobState | undefined;
    for (;;) {
      // A read that fails (PostgreSQL restarting, say) is tried again until the deadline.
      status = (await this.jobs.findById(tenant, id).catch(() => undefined))?.status ?? status;
      if (status !== undefined && TERMINAL_STATES.includes(status)) return status;
      const now = Date.now();
      if (now >= deadline) return status ?? 'QUEUED';
      try {
        await sleep(Math.min(pollDelayMs(now - start), deadline - now), undefined, {
          signal: this.stopping.signal,
        });
      } catch {
        return undefined;
      }
    }
  }

  private count(outcome: CanaryOutcome, what: string): void {
    this.figures?.runs.inc({ outcome });
    this.logger.warn(`Canary ${outcome} (tenant ${this.config.canary.tenant}): ${what}`);
  }
}
