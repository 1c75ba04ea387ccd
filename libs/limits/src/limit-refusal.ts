import type { TenantLimit } from '@jobmill/persistence';

/**
 * A submission refused for load, worded once for both ways in: REST answers it as a problem
 * (429/503 with Retry-After), AMQP as the job's failure and a `job.rejected` reply.
 */
export interface LimitRefusal {
  readonly code: 'QUEUE_FULL' | 'TENANT_RATE_LIMIT' | 'TENANT_IN_FLIGHT_LIMIT' | 'BROKER_BLOCKED';
  readonly title: string;
  readonly detail: string;
  /** When trying again may succeed. */
  readonly retryAfterSeconds: number;
}

/** How long a refused client waits: about the time a backlog takes to move. */
const QUEUE_RETRY_AFTER_SECONDS = 5;
/** How long a tenant at its in-flight limit waits before trying again: jobs take a while. */
const IN_FLIGHT_RETRY_AFTER_SECONDS = 5;

/** Past QUEUE_LIMITS: `queued` (read up to the limit) jobs of the type wait already. */
export function queueFull(type: string, queued: number, limit: number): LimitRefusal {
  const count = queued >= limit ? `${limit} or more` : String(queued);
  return {
    code: 'QUEUE_FULL',
    title: 'Queue full',
    detail: `${count} ${type} jobs are queued (QUEUE_LIMITS ${type}: ${limit}); nothing was accepted, retry after ${QUEUE_RETRY_AFTER_SECONDS} s.`,
    retryAfterSeconds: QUEUE_RETRY_AFTER_SECONDS,
  };
}

/** How long a client waits while the broker's alarm lasts: it clears as queues drain. */
const BLOCKED_RETRY_AFTER_SECONDS = 5;

/**
 * The broker blocks publishing (a memory or disk alarm, `reason` as it says): submissions are
 * refused before anything is recorded, over REST only (over AMQP the partner's own publish is
 * what the broker blocks).
 */
export function brokerBlocked(reason: string): LimitRefusal {
  return {
    code: 'BROKER_BLOCKED',
    title: 'Service unavailable',
    detail: `The message broker blocks publishing (${reason}); nothing was accepted, retry after ${BLOCKED_RETRY_AFTER_SECONDS} s.`,
    retryAfterSeconds: BLOCKED_RETRY_AFTER_SECONDS,
  };
}

/** Past TENANT_LIMITS: which limit `jobs` more jobs of the tenant would break. */
export function tenantLimitReached(
  tenant: string,
  jobs: number,
  limit: TenantLimit,
  broken: { readonly limit: keyof TenantLimit; readonly inFlight: number },
  now = new Date(),
): LimitRefusal {
  const asked = jobs === 1 ? 'this job' : `these ${jobs} jobs`;
  if (broken.limit === 'inFlight')
    return {
      code: 'TENANT_IN_FLIGHT_LIMIT',
      title: 'Too many unfinished jobs',
      detail: `Tenant '${tenant}' may have ${limit.inFlight} unfinished jobs at once (TENANT_LIMITS inFlight); it has ${broken.inFlight}, so ${asked} would exceed it.`,
      retryAfterSeconds: IN_FLIGHT_RETRY_AFTER_SECONDS,
    };
  return {
    code: 'TENANT_RATE_LIMIT',
    title: 'Too many submissions',
    detail: `Tenant '${tenant}' may submit ${limit.perMinute} jobs per minute (TENANT_LIMITS perMinute); ${asked} would exceed it.`,
    // The count starts again with the next calendar minute.
    retryAfterSeconds: 60 - now.getUTCSeconds(),
  };
}
