import { Inject, Injectable } from '@nestjs/common';
import { TenantUsageStore, type TenantLimit, type UsageDecision } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { ProblemError } from '../problems/problem.error';
import { limitOf } from './tenant-limits.config';

/** How long a tenant at its in-flight limit waits before trying again: jobs take a while. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 5;

/**
 * Holds each tenant to TENANT_LIMITS before its jobs are recorded: jobs submitted per calendar
 * minute and unfinished jobs at once, counted in PostgreSQL so that every API process shares
 * them. Past either, the submission is answered 429 with Retry-After and nothing is recorded.
 * A tenant without limits costs no statement.
 */
@Injectable()
export class TenantSubmissionLimiter {
  constructor(
    private readonly usage: TenantUsageStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Counts `jobs` more jobs of the tenant, or throws the 429 of the limit they break. */
  async admit(tenant: string, jobs: number): Promise<void> {
    const limit = limitOf(this.config.tenantLimits, tenant);
    if (limit.perMinute === 0 && limit.inFlight === 0) return;
    const decision = await this.usage.admit(tenant, jobs, limit);
    if (!decision.admitted) throw limitReached(tenant, jobs, limit, decision);
  }
}

function limitReached(
  tenant: string,
  jobs: number,
  limit: TenantLimit,
  decision: Extract<UsageDecision, { admitted: false }>,
): ProblemError {
  const asked = jobs === 1 ? 'this job' : `these ${jobs} jobs`;
  if (decision.limit === 'inFlight')
    return new ProblemError(
      429,
      'TENANT_IN_FLIGHT_LIMIT',
      'Too many unfinished jobs',
      `Tenant '${tenant}' may have ${limit.inFlight} unfinished jobs at once (TENANT_LIMITS inFlight); it has ${decision.inFlight}, so ${asked} would exceed it.`,
      [],
      { 'Retry-After': String(IN_FLIGHT_RETRY_AFTER_SECONDS) },
    );
  const now = new Date();
  const nextMinute = 60 - now.getUTCSeconds();
  return new ProblemError(
    429,
    'TENANT_RATE_LIMIT',
    'Too many submissions',
    `Tenant '${tenant}' may submit ${limit.perMinute} jobs per minute (TENANT_LIMITS perMinute); ${asked} would exceed it.`,
    [],
    { 'Retry-After': String(nextMinute) },
  );
}
