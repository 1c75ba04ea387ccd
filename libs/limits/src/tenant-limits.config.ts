import { TENANT_PATTERN } from '@jobmill/contracts';
import type { TenantLimit } from '@jobmill/persistence';
import { ConfigError, env, type EnvReader } from '@jobmill/platform';

/** TENANT_LIMITS: each tenant's submission limits, and the one for tenants not listed. */
export interface TenantLimits {
  readonly byTenant: ReadonlyMap<string, TenantLimit>;
  readonly fallback: TenantLimit;
}

/** No limit at all: a tenant not listed, when TENANT_LIMITS names no `*` entry. */
export const UNLIMITED: TenantLimit = { perMinute: 0, inFlight: 0 };

const ENTRY = /^([^:]+):(\d{1,9}):(\d{1,9})$/;

/** Reads TENANT_LIMITS: `tenant:perMinute:inFlight,...`, `*` for the rest, 0 for no limit. */
export function readTenantLimits(vars: EnvReader = env): TenantLimits {
  const byTenant = new Map<string, TenantLimit>();
  const seen = new Set<string>();
  let fallback = UNLIMITED;
  for (const entry of vars.list('TENANT_LIMITS', [])) {
    const match = ENTRY.exec(entry);
    const tenant = match?.[1] ?? '';
    if (!match || (tenant !== '*' && !TENANT_PATTERN.test(tenant)) || seen.has(tenant))
      throw new ConfigError(
        `TENANT_LIMITS entries must be tenant:perMinute:inFlight (whole numbers, 0 for no limit; '*' for every other tenant), each tenant once: '${entry}'`,
        'TENANT_LIMITS',
      );
    seen.add(tenant);
    const limit = { perMinute: Number(match[2]), inFlight: Number(match[3]) };
    if (tenant === '*') fallback = limit;
    else byTenant.set(tenant, limit);
  }
  return { byTenant, fallback };
}

/** The limit that applies to a tenant. */
export const limitOf = (limits: TenantLimits, tenant: string): TenantLimit =>
  limits.byTenant.get(tenant) ?? limits.fallback;
