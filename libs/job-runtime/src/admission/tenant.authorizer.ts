import { TENANT_PATTERN } from '@jobmill/contracts';
/** Why a message may not act for the tenant it names. */
export interface TenantRefusal {
  readonly code: 'MISSING_USER_ID' | 'TENANT_FORBIDDEN';
  readonly reason: string;
}

/** Who may publish for whom: platform users act for any tenant, others for their own. */
export interface TenantAuthorizerOptions {
  /** AMQP users of the platform itself (the API, the workers): they may act for any tenant. */
  readonly trustedUsers: readonly string[];
  /** tenant -> the AMQP users allowed to publish commands for it. */
  readonly tenantUsers: ReadonlyMap<string, readonly string[]>;
}

/**
 * Decides whether a message may act for a tenant, from its `user_id` property. RabbitMQ
 * refuses a `user_id` other than the connection's user, so the property proves who published.
 */
export class TenantAuthorizer {
  private readonly trusted: ReadonlySet<string>;

  constructor(private readonly options: TenantAuthorizerOptions) {
    this.trusted = new Set(options.trustedUsers);
  }

  /** Whether the user is one of the platform's own (may act for any tenant, publish events). */
  isTrusted(userId: string | undefined): boolean {
    return userId !== undefined && this.trusted.has(userId);
  }

  /** Undefined when `userId` may act for `tenant`, else why not. */
  refusal(userId: string | undefined, tenant: string | undefined): TenantRefusal | undefined {
    if (userId === undefined || userId === '')
      return {
        code: 'MISSING_USER_ID',
        reason: 'The message has no user_id property: set it to your AMQP user name.',
      };
    if (this.trusted.has(userId)) return undefined;
    if (tenant !== undefined && this.options.tenantUsers.get(tenant)?.includes(userId))
      return undefined;
    return {
      code: 'TENANT_FORBIDDEN',
      reason: `AMQP user '${userId}' may not act for tenant '${tenant ?? '(none)'}'.`,
    };
  }
}

/** Thrown at start-up for a malformed AMQP_TENANT_USERS entry. */
export class InvalidTenantUsersError extends Error {
  override readonly name = 'InvalidTenantUsersError';
  readonly code = 'INVALID_TENANT_USERS';
}

/** Parses `tenant:user` pairs (AMQP_TENANT_USERS) into tenant -> users. */
export function parseTenantUsers(pairs: readonly string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const pair of pairs) {
    const at = pair.indexOf(':');
    const tenant = pair.slice(0, at);
    const user = pair.slice(at + 1);
    if (at < 1 || user === '' || !TENANT_PATTERN.test(tenant))
      throw new InvalidTenantUsersError(
        `AMQP_TENANT_USERS entries must be tenant:user with a slug tenant, got '${pair}'`,
      );
    map.set(tenant, [...(map.get(tenant) ?? []), user]);
  }
  return map;
}
