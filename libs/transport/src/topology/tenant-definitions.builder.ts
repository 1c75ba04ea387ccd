import { createHash, randomBytes } from 'node:crypto';
import { JOB_TYPES, tenantQueuePrefix, topologyNames } from '@jobmill/contracts';

/** One AMQP user of a tenant: it may publish commands for that tenant only (AMQP_TENANT_USERS). */
export interface TenantUser {
  readonly tenant: string;
  readonly user: string;
  /** Hashed into the definitions; without it the user has no password until `change_password`. */
  readonly password?: string;
}

/** What the RabbitMQ definitions of one deployment are made from. */
export interface TenantDefinitionsOptions {
  readonly vhost: string;
  /** TOPOLOGY_PREFIX of the deployment. */
  readonly topologyPrefix: string;
  /** The platform's own users (existing, not created here): full permissions in the vhost. */
  readonly platformUsers: readonly string[];
  readonly tenants: readonly TenantUser[];
}

/** The configure, write and read patterns of one user in one vhost (`rabbitmqctl set_permissions`). */
export interface VhostPermissions {
  readonly configure: string;
  readonly write: string;
  readonly read: string;
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');

/**
 * A tenant user's resource permissions: declare, bind and read queues of its own prefix only;
 * publish on the commands exchange only (not the default exchange: it cannot write into any
 * queue directly); bind from the events exchange (topic permissions narrow the keys).
 */
export function tenantPermissions(topologyPrefix: string, tenant: string): VhostPermissions {
  const names = topologyNames(topologyPrefix);
  const own = `${escapeRegex(tenantQueuePrefix(topologyPrefix, tenant))}.+`;
  return {
    configure: `^${own}$`,
    write: `^(${own}|${escapeRegex(names.commands)})$`,
    read: `^(${own}|${escapeRegex(names.events)})$`,
  };
}

/**
 * A tenant user's topic permissions: event keys of its tenant only, commands of known job types
 * (with the lane of a high or low priority, or the backlog lane of normal or low).
 */
export function tenantTopicPermissions(topologyPrefix: string, tenant: string) {
  const names = topologyNames(topologyPrefix);
  const jobTypes = JOB_TYPES.map(escapeRegex).join('|');
  return [
    { exchange: names.events, write: '^$', read: `^${escapeRegex(tenant)}\\.` },
    {
      exchange: names.commands,
      write: `^(${jobTypes})(\\.high|\\.low|\\.backlog|\\.low\\.backlog)?$`,
      read: '^$',
    },
  ];
}

/** RabbitMQ's rabbit_password_hashing_sha256: base64(salt ++ sha256(salt ++ password)). */
export function rabbitPasswordHash(password: string, salt = randomBytes(4)): string {
  const digest = createHash('sha256').update(salt).update(password, 'utf8').digest();
  return Buffer.concat([salt, digest]).toString('base64');
}

/**
 * The definitions (`rabbitmqctl import_definitions`) that isolate tenants on the broker: the
 * vhost, one user per tenant publisher, their permissions and topic permissions, the platform
 * users' permissions, and a policy that lets abandoned tenant queues expire.
 */
export function tenantDefinitions(options: TenantDefinitionsOptions) {
  const { vhost, topologyPrefix } = options;
  const full = { configure: '.*', write: '.*', read: '.*' };
  return {
    vhosts: [{ name: vhost }],
    users: options.tenants.map(({ user, password }) => ({
      name: user,
      password_hash: password === undefined ? '' : rabbitPasswordHash(password),
      hashing_algorithm: 'rabbit_password_hashing_sha256',
      tags: [] as string[],
    })),
    permissions: [
      ...options.platformUsers.map((user) => ({ user, vhost, ...full })),
      ...options.tenants.map(({ tenant, user }) => ({
        user,
        vhost,
        ...tenantPermissions(topologyPrefix, tenant),
      })),
    ],
    topic_permissions: options.tenants.flatMap(({ tenant, user }) =>
      tenantTopicPermissions(topologyPrefix, tenant).map((p) => ({ user, vhost, ...p })),
    ),
    policies: [
      {
        vhost,
        name: `${topologyPrefix}tenant-queues`,
        // Every tenant's prefix: `<prefix>tenant.` (tenantQueuePrefix without its tenant).
        pattern: `^${escapeRegex(tenantQueuePrefix(topologyPrefix, '').slice(0, -1))}`,
        'apply-to': 'queues',
        priority: 0,
        // A tenant queue nobody has used for 7 days is deleted, so a departed client leaves no backlog.
        definition: { expires: 7 * 24 * 3600 * 1000 },
      },
    ],
  };
}

/** The RabbitMQ definitions document of `tenantDefinitions`. */
export type TenantDefinitions = ReturnType<typeof tenantDefinitions>;
