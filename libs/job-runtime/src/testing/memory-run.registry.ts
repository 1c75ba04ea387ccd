import type {
  JobEvent,
  RunClaim,
  RunClaimResult,
  RunDecision,
  RunLease,
  RunOutcome,
} from '@jobmill/contracts';
import type { JobRunRegistry } from '../leases/job-run-registry.port';

interface Run {
  fence: number;
  worker: string | null;
  leaseUntil: number;
  retried: number;
  attempt: number;
  /** Every command id that claimed the job (to tell a redelivery from a reused job id). */
  messageIds: Set<string>;
  outcome?: JobEvent;
  started?: JobEvent;
}

/** An in-memory JobRunRegistry with the same rules as PostgreSQL's JobRunStore, for tests. */
export class MemoryRunRegistry implements JobRunRegistry {
  readonly runs = new Map<string, Run>();
  readonly claims: RunClaim[] = [];

  async claim(claim: RunClaim): Promise<RunClaimResult> {
    this.claims.push(claim);
    const run = this.runOf(claim.jobId);
    if (run.outcome)
      return run.started
        ? { kind: 'decided', event: run.outcome, started: run.started }
        : { kind: 'decided', event: run.outcome };
    const leased = run.leaseUntil > Date.now();
    if (
      claim.attempt <= run.attempt &&
      !run.messageIds.has(claim.messageId) &&
      (leased || claim.attempt <= run.retried)
    )
      return { kind: 'refused', code: 'JOB_ID_IN_USE', reason: 'in flight', ownJob: false };
    if (claim.attempt <= run.retried) return { kind: 'stale' };
    if (leased && !claim.takeOver && claim.attempt <= run.attempt)
      return { kind: 'busy', worker: run.worker };
    run.messageIds.add(claim.messageId);
    run.fence += 1;
    run.worker = claim.worker;
    run.attempt = claim.attempt;
    run.leaseUntil = Date.now() + claim.leaseMs;
    return { kind: 'run', fence: run.fence };
  }

  async decide(
    jobId: string,
    _outcome: RunOutcome,
    event: JobEvent,
    started?: JobEvent,
  ): Promise<RunDecision> {
    const run = this.runOf(jobId);
    if (run.outcome) return { recorded: false, event: run.outcome };
    run.outcome = event;
    if (started) run.started = started;
    run.leaseUntil = 0;
    return { recorded: true };
  }

  async markRetried(jobId: string, attempt: number): Promise<void> {
    const run = this.runOf(jobId);
    run.retried = Math.max(run.retried, attempt);
    run.leaseUntil = 0;
  }

  async release(lease: RunLease): Promise<void> {
    const run = this.runOf(lease.jobId);
    if (run.fence === lease.fence) run.leaseUntil = 0;
  }

  async heartbeat(leases: readonly RunLease[], leaseMs: number): Promise<void> {
    for (const lease of leases) {
      const run = this.runOf(lease.jobId);
      if (run.fence === lease.fence && !run.outcome) run.leaseUntil = Date.now() + leaseMs;
    }
  }

  private runOf(jobId: string): Run {
    let run = this.runs.get(jobId);
    if (!run) {
      run = {
        fence: 0,
        worker: null,
        leaseUntil: 0,
        retried: 0,
        attempt: 0,
        messageIds: new Set(),
      };
      this.runs.set(jobId, run);
    }
    return run;
  }
}
