import { Injectable } from '@nestjs/common';
import { newId, type TraceContext } from '@jobmill/contracts';
import { BatchSubmissionStore, type JobView } from '@jobmill/persistence';
import { ProblemError } from '../../problems/problem.error';
import { idempotencyConflict } from './submission-problems';
import { requestHash } from './stable-hash';
import { SubmitJobHandler } from './submit-job.handler';

/** A claim whose jobs never appeared this long after it was made is taken to be abandoned. */
const ABANDONED_AFTER_MS = 60_000;

/** What a batch with an Idempotency-Key gave: its jobs, and whether they are an earlier batch's. */
export interface BatchSubmitted {
  readonly jobs: readonly JobView[];
  readonly replayed: boolean;
}

const inProgress = (key: string): ProblemError =>
  new ProblemError(
    409,
    'IDEMPOTENCY_IN_PROGRESS',
    'Conflict',
    `A batch with Idempotency-Key '${key}' is still being accepted; retry shortly.`,
    [],
    { 'Retry-After': '1' },
  );

/**
 * `POST /v1/jobs/batch` with an Idempotency-Key: the same key and body give the same jobs, a
 * different body the 409 the single-job endpoint gives. The key is claimed, with the jobs'
 * ids, before any job exists, and given back if the batch is refused or withdrawn.
 */
@Injectable()
export class BatchIdempotency {
  constructor(
    private readonly claims: BatchSubmissionStore,
    private readonly handler: SubmitJobHandler,
  ) {}

  async submit(
    tenant: string,
    key: string,
    body: unknown,
    jobs: readonly unknown[],
    trace?: TraceContext,
  ): Promise<BatchSubmitted> {
    const hash = requestHash(body);
    const ids = jobs.map(() => newId());
    const claim = { tenant, idempotencyKey: key, requestHash: hash, jobIds: ids };
    for (let round = 0; round < 2; round += 1) {
      const held = await this.claims.claim(claim);
      if (held.claimed) return { jobs: await this.accept(claim, jobs, trace), replayed: false };
      if (held.requestHash !== hash) throw idempotencyConflict(key);
      const found = await this.claims.jobsOf(tenant, held.jobIds);
      if (found.length > 0) return { jobs: found, replayed: true };
      if (held.ageMs < ABANDONED_AFTER_MS) throw inProgress(key);
      await this.claims.release(tenant, key, held.jobIds);
    }
    throw inProgress(key);
  }

  private async accept(
    claim: { tenant: string; idempotencyKey: string; jobIds: readonly string[] },
    jobs: readonly unknown[],
    trace?: TraceContext,
  ): Promise<JobView[]> {
    try {
      return await this.handler.submitMany(claim.tenant, jobs, trace, claim.jobIds);
    } catch (error) {
      // Refused (400/422) or withdrawn (503): nothing was accepted, so the key is free again.
      await this.claims.release(claim.tenant, claim.idempotencyKey, claim.jobIds);
      throw error;
    }
  }
}
