/** What a readiness check receives: aborted when its timeout passes, so it can stop early. */
export interface ReadinessCheckContext {
  signal: AbortSignal;
}

/**
 * A readiness check as a plain function, so this library depends on nothing of ours.
 * It is down when it returns `false`, throws, or outlives its timeout; up otherwise
 * (`true` or nothing).
 */
export interface ReadinessIndicator {
  /** The key in the health response, e.g. `rabbitmq` or `postgres`. */
  name: string;
  check: (context: ReadinessCheckContext) => boolean | void | Promise<boolean | void>;
  /** Overrides the module's per-check timeout. */
  timeoutMs?: number;
}

/** Options for HealthModule.forRoot. */
export interface HealthModuleOptions {
  /** Checks that must all be up for `GET /health/ready` to answer 200. */
  indicators?: readonly ReadinessIndicator[];
  /** Per-check timeout in milliseconds; default 2000. */
  timeoutMs?: number;
  /**
   * How long terminus keeps serving (readiness 503) after SIGTERM before Nest tears down,
   * so a load balancer stops routing first; default 0. Keep below SHUTDOWN_TIMEOUT_MS.
   */
  gracefulShutdownTimeoutMs?: number;
}

/** Injection token of the resolved HealthModuleOptions. */
export const HEALTH_OPTIONS = Symbol('HEALTH_OPTIONS');

/** Default per-check timeout. */
export const DEFAULT_CHECK_TIMEOUT_MS = 2_000;
