import {
  derivedId,
  eventFor,
  type JobCommand,
  type JobEvent,
  type JobType,
} from '@jobmill/contracts';
import { STATUS_SOURCE, type ReplyRoute, type ReplyRouter } from '@jobmill/job-runtime';
import {
  countRefused,
  limitOf,
  QueueBacklogGauge,
  tenantLimitReached,
  type LimitRefusal,
  type QueueLimits,
  type TenantLimits,
} from '@jobmill/limits';
import type { JobRunStore, QueueBacklogStore, TenantUsageStore } from '@jobmill/persistence';
import type { EventPublisher } from '@jobmill/transport';

/** A command a partner published straight onto the commands exchange, as the projection has it. */
export interface PartnerCommand {
  readonly command: JobCommand;
  readonly jobType: JobType;
  /** Where its publisher wants the outcome, if anywhere. */
  readonly route?: ReplyRoute;
}

/** A partner's command turned away for load, and the job.failed recorded as its outcome. */
export interface RefusedCommand extends PartnerCommand {
  readonly refusal: LimitRefusal;
  readonly failed: JobEvent<'failed'>;
}

/** What the gate reads and writes. */
export interface PartnerGateDeps {
  readonly runs: JobRunStore;
  readonly backlog: QueueBacklogStore;
  readonly usage: TenantUsageStore;
  readonly events: EventPublisher;
  readonly replies: ReplyRouter;
}

/**
 * Backpressure and tenant limits for commands that partners publish over AMQP, which pass no
 * API: the status service sees a copy of each before any worker has run it (workers are behind
 * exactly when limits matter), so it judges them as the API judges a REST submission, each
 * command on its own (QUEUE_LIMITS, then TENANT_LIMITS). A refused job gets its outcome recorded
 * before any lease: FAILED with the code (kind transient, retryable), a `job.failed` event and
 * a `job.rejected` reply; the worker that reaches its message finds it decided and runs nothing.
 * A job a worker claimed first was accepted. Commands of the platform itself are never judged.
 */
export class PartnerSubmissionGate {
  private readonly gauge: QueueBacklogGauge;

  constructor(
    private readonly deps: PartnerGateDeps,
    queueLimits: QueueLimits,
    private readonly tenantLimits: TenantLimits,
  ) {
    this.gauge = new QueueBacklogGauge(deps.backlog, queueLimits);
  }

  /** Whether any limit is set (else no command needs judging). */
  get active(): boolean {
    const { byTenant, fallback } = this.tenantLimits;
    const anyTenant = byTenant.size > 0 || fallback.perMinute > 0 || fallback.inFlight > 0;
    return this.gauge.limited || anyTenant;
  }

  /** The commands refused for load, by command id, their outcome recorded. */
  async screen(commands: readonly PartnerCommand[]): Promise<Map<string, RefusedCommand>> {
    const refusals: RefusedCommand[] = [];
    const fitQueue = await this.judge(
      commands,
      (c) => c.jobType,
      async (type, group) => this.gauge.admit(type, group.length, false),
      refusals,
    );
    await this.judge(
      fitQueue,
      (c) => c.command.tenant,
      async (tenant, group) => {
        const limit = limitOf(this.tenantLimits, tenant);
        if (limit.perMinute === 0 && limit.inFlight === 0) return { admitted: group.length };
        const { admitted, refused } = await this.deps.usage.admitSome(tenant, group.length, limit);
        return refused
          ? { admitted, refusal: tenantLimitReached(tenant, 1, limit, refused) }
          : { admitted };
      },
      refusals,
    );
    // Those the tenant limits refused do not wait in the backlog after all.
    for (const r of refusals)
      if (r.refusal.code !== 'QUEUE_FULL') this.gauge.giveBack(r.jobType, 1);
    if (refusals.length === 0) return new Map();
    const recorded = await this.deps.runs.refuseUnclaimed(refusals.map((r) => r.failed));
    return new Map(
      refusals.filter((r) => recorded.has(r.command.subject)).map((r) => [r.command.id, r]),
    );
  }

  /** Tells subscribers and the publisher (once the refusal is in the read model). */
  async announce(refused: Iterable<RefusedCommand>): Promise<void> {
    const all = [...refused];
    if (all.length === 0) return;
    for (const r of all) countRefused(r.refusal, 'amqp');
    await this.deps.events.publishMany(all.map((r) => r.failed));
    await Promise.all(
      all.flatMap(({ route, command, jobType, failed }) =>
        route
          ? [
              this.deps.replies.send(
                route,
                eventFor(command, 'rejected', { jobType, error: failed.data.error }, STATUS_SOURCE),
              ),
            ]
          : [],
      ),
    );
  }

  /**
   * Groups the commands by `keyOf` (in their order), lets `decide` admit the first ones of each
   * group, and refuses the rest with its reason; returns those admitted.
   */
  private async judge(
    commands: readonly PartnerCommand[],
    keyOf: (c: PartnerCommand) => string,
    decide: (key: string, group: readonly PartnerCommand[]) => Promise<Verdict>,
    refusals: RefusedCommand[],
  ): Promise<PartnerCommand[]> {
    const groups = new Map<string, PartnerCommand[]>();
    for (const c of commands) groups.set(keyOf(c), [...(groups.get(keyOf(c)) ?? []), c]);
    const admitted: PartnerCommand[] = [];
    for (const [key, group] of groups) {
      const verdict = await decide(key, group);
      admitted.push(...group.slice(0, verdict.admitted));
      if (verdict.refusal)
        for (const c of group.slice(verdict.admitted)) refusals.push(refused(c, verdict.refusal));
    }
    return admitted;
  }
}

interface Verdict {
  readonly admitted: number;
  readonly refusal?: LimitRefusal;
}

/** The refusal as the job's failure; its id derives from the command's, as a redelivery's would. */
function refused(c: PartnerCommand, refusal: LimitRefusal): RefusedCommand {
  const error = {
    code: refusal.code,
    message: refusal.detail,
    kind: 'transient',
    retryable: true,
  } as const;
  const event = eventFor(c.command, 'failed', { jobType: c.jobType, error }, STATUS_SOURCE);
  const failed = {
    ...event,
    id: derivedId(c.command.id, c.command.subject, refusal.code, 'failed'),
  };
  return { ...c, refusal, failed };
}
