import { type Command, InvalidArgumentError, Option } from 'commander';
import type { JobsApiClient } from './jobs-api.client';

const STATUSES = ['PENDING', 'QUEUED', 'RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

const idList = (value: string): string[] => {
  const ids = value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (ids.length === 0) throw new InvalidArgumentError('must be a comma-separated list of job ids');
  return ids;
};

interface BulkOptions {
  readonly status?: string;
  readonly type?: string;
  readonly createdAfter?: string;
  readonly createdBefore?: string;
  readonly ids?: string[];
  readonly tenant?: string;
  readonly yes?: boolean;
}

/**
 * `jobs bulk`, `jobs queues`, `jobs workers`, `jobs types`, `jobs pause|resume <type>`: the
 * operations endpoints the dashboard uses (all but bulk need an admin key).
 */
export function addOperationsCommands(
  program: Command,
  api: () => JobsApiClient,
  print: (value: unknown) => void,
): void {
  program
    .command('bulk <action>')
    .description(
      'Cancel or retry every job a filter matches (at most 10,000); without --yes only counts them',
    )
    .addOption(new Option('--status <status>', 'only jobs in this status').choices(STATUSES))
    .option('--type <type>', 'only jobs of this type')
    .option('--created-after <time>', 'only jobs created at or after this ISO 8601 time')
    .option('--created-before <time>', 'only jobs created before this ISO 8601 time')
    .option('--ids <list>', 'only these job ids (comma-separated)', idList)
    .option('--tenant <tenant>', "admin key: one tenant's jobs (default: every tenant's)")
    .option('--yes', 'act; without it this is a dry run that prints what would be matched')
    .action(async (action: string, o: BulkOptions) => {
      if (action !== 'cancel' && action !== 'retry')
        throw new Error("action must be 'cancel' or 'retry'");
      const filter = {
        ...(o.status ? { status: o.status } : {}),
        ...(o.type ? { type: o.type } : {}),
        ...(o.createdAfter ? { createdAfter: o.createdAfter } : {}),
        ...(o.createdBefore ? { createdBefore: o.createdBefore } : {}),
        ...(o.ids ? { ids: o.ids } : {}),
      };
      print(await api().bulk({ action, filter, dryRun: o.yes !== true }, o.tenant));
    });
  program
    .command('queues')
    .description('Queues: depth, consumers, paused, dead letters, rates (admin key)')
    .action(async () => print(await api().queues()));
  program
    .command('workers')
    .description('Worker instances: job types, slots, in flight, last heartbeat (admin key)')
    .action(async () => print((await api().workers()).items));
  program
    .command('types')
    .description('Job types and whether each is paused (admin key)')
    .action(async () => print((await api().jobTypes()).items));
  program
    .command('pause <type>')
    .description('Pause a job type: workers stop taking it within a second; jobs wait (admin key)')
    .action(async (type: string) => print(await api().setPaused(type, true)));
  program
    .command('resume <type>')
    .description('Resume a paused job type (admin key)')
    .action(async (type: string) => print(await api().setPaused(type, false)));
}
