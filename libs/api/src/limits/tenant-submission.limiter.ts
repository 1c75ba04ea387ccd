import { Inject, Injectable } from '@nestjs/common';
import { limitOf, tenantLimitReached } from '@jobmill/limits';
import { TenantUsageStore } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../api.config';
import { limitProblem } from './limit.problem';

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
    if (!decision.admitted)
      throw limitProblem(429, tenantLimitReached(tenant, jobs, limit, decision), jobs);
  }
}
