import { type Command, InvalidArgumentError } from 'commander';
import type { JobsApiClient } from './jobs-api.client';

const SCOPES = ['submit', 'read', 'admin'];

const scopeList = (value: string): string[] => {
  const scopes = value.split(',').map((s) => s.trim());
  if (scopes.length === 0 || !scopes.every((s) => SCOPES.includes(s)))
    throw new InvalidArgumentError(`must be a comma-separated list of ${SCOPES.join(', ')}`);
  return scopes;
};

const nonNegativeInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be an integer >= 0');
  return n;
};

interface CreateOptions {
  readonly tenant: string;
  readonly scopes: string[];
  readonly name?: string;
  readonly rateLimit?: number;
}

/** `jobs keys create|list|rotate|revoke` and `jobs webhook-secret`: the admin endpoints. */
export function addKeyCommands(
  program: Command,
  api: () => JobsApiClient,
  print: (value: unknown) => void,
): void {
  const keys = program
    .command('keys')
    .description('Manage stored API keys (needs an admin key: --api-key or API_KEY)');
  keys
    .command('create')
    .description('Create a key; the whole key is printed this once')
    .requiredOption('--tenant <tenant>', 'the tenant the key acts for')
    .option('--scopes <list>', 'comma-separated: submit, read, admin', scopeList, [
      'submit',
      'read',
    ])
    .option('--name <name>', 'a label for people')
    .option('--rate-limit <perMinute>', 'requests per minute (0: none)', nonNegativeInt)
    .action(async (o: CreateOptions) =>
      print(
        await api().createKey({
          tenant: o.tenant,
          scopes: o.scopes,
          ...(o.name === undefined ? {} : { name: o.name }),
          ...(o.rateLimit === undefined ? {} : { rateLimitPerMinute: o.rateLimit }),
        }),
      ),
    );
  keys
    .command('list')
    .description('List keys (never their secrets)')
    .option('--tenant <tenant>', 'only this tenant')
    .action(async (o: { tenant?: string }) => print((await api().listKeys(o.tenant)).items));
  keys
    .command('rotate <id>')
    .description('Replace a key by a new one (printed once); the old one works --grace longer')
    .option('--grace <seconds>', 'how long the old key keeps working', nonNegativeInt, 0)
    .action(async (id: string, o: { grace: number }) => print(await api().rotateKey(id, o.grace)));
  program
    .command('webhook-secret <tenant>')
    .description(
      "Rotate a tenant's webhook secret (admin key): printed this once, signs from now on; the old one signs beside it --grace longer",
    )
    .option('--grace <seconds>', 'how long the old secret keeps signing too', nonNegativeInt, 0)
    .action(async (tenant: string, o: { grace: number }) =>
      print(await api().rotateWebhookSecret(tenant, o.grace)),
    );
  keys
    .command('revoke <id>')
    .description('Revoke a key at once')
    .action(async (id: string) => {
      await api().revokeKey(id);
      print({ id, revoked: true });
    });
}
