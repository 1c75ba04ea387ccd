import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import amqp, { type ChannelModel } from 'amqplib';
import { tenantDefinitions } from '@jobmill/transport';
import { AMQP_URL } from './test-environment';
import { waitFor } from './wait-for';

const ctl = (...args: string[]): string =>
  execFileSync('rabbitmqctl', ['-q', ...args], { encoding: 'utf8' });

/**
 * A per-run vhost on the shared broker, loaded from the deploy/rabbitmq definitions (one AMQP
 * user per tenant, permissions, topic permissions, policy); `dispose` deletes vhost and users.
 */
export class TenantBroker {
  readonly vhost: string;
  readonly topologyPrefix: string;
  private readonly passwords = new Map<string, string>();
  private readonly users: Record<string, string>;

  constructor(tenants: readonly string[]) {
    const id = randomUUID().slice(0, 8);
    this.vhost = `jm-iso-${id}`;
    this.topologyPrefix = `iso-${id}.`;
    this.users = Object.fromEntries(tenants.map((t) => [t, `jm-${t}-${id}`]));
    for (const user of Object.values(this.users)) this.passwords.set(user, randomUUID());
  }

  /** AMQP_TENANT_USERS for the platform's services. */
  get tenantUsersSetting(): string {
    return Object.entries(this.users)
      .map(([tenant, user]) => `${tenant}:${user}`)
      .join(',');
  }

  /** The tenant's AMQP user name. */
  userOf(tenant: string): string {
    const user = this.users[tenant];
    if (!user) throw new Error(`no user for ${tenant}`);
    return user;
  }

  /** The platform's URL (the test broker's own user) in this vhost. */
  get platformUrl(): string {
    return this.urlFor();
  }

  /**
   * Imports the definitions (`rabbitmqctl import_definitions`, as an operator would) and waits
   * until the import, asynchronous on the broker, has set the last topic permission.
   */
  async load(): Promise<void> {
    const definitions = tenantDefinitions({
      vhost: this.vhost,
      topologyPrefix: this.topologyPrefix,
      platformUsers: [new URL(AMQP_URL).username || 'guest'],
      tenants: Object.entries(this.users).map(([tenant, user]) => ({
        tenant,
        user,
        password: this.passwords.get(user) ?? '',
      })),
    });
    // From standard input: the node (another OS user) need not read a file of ours.
    execFileSync('rabbitmqctl', ['-q', 'import_definitions'], {
      input: JSON.stringify(definitions),
    });
    const expected = definitions.topic_permissions.length;
    await waitFor(`the definitions of ${this.vhost}`, async () => {
      const listed = await new Promise<string>((resolve) => {
        execFile('rabbitmqctl', ['-q', 'list_topic_permissions', '-p', this.vhost], (_e, out) =>
          resolve(String(out)),
        );
      });
      return listed.trim().split('\n').length - 1 >= expected ? true : undefined;
    });
  }

  /** Connects as the tenant's own AMQP user. */
  connectAs(tenant: string): Promise<ChannelModel> {
    return amqp.connect(this.urlFor(this.userOf(tenant)));
  }

  /** The vhost URL with the given user's credentials (the platform's when none). */
  urlFor(user?: string): string {
    const url = new URL(AMQP_URL);
    if (user) {
      url.username = user;
      url.password = this.passwords.get(user) ?? '';
    }
    url.pathname = `/${encodeURIComponent(this.vhost)}`;
    return url.toString();
  }

  /** Deletes the vhost (and with it every queue and exchange) and the tenant users. */
  dispose(): void {
    const quietly = (...args: string[]) => {
      try {
        ctl(...args);
      } catch {
        // Already gone (a failed start-up): nothing to clean.
      }
    };
    quietly('delete_vhost', this.vhost);
    for (const user of Object.values(this.users)) quietly('delete_user', user);
  }
}
