import { type Command, InvalidArgumentError } from 'commander';
import type { JobsApiClient } from './jobs-api.client';

const parseInput = (value: string): Record<string, unknown> => {
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new InvalidArgumentError('must be a JSON object');
  }
};

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

interface CreateOptions {
  readonly cron: string;
  readonly timezone?: string;
  readonly upload?: string;
  readonly input?: Record<string, unknown>;
  readonly maxAttempts?: number;
}

/** `jobs schedules create|list|get|delete`: recurring jobs (POST, GET, DELETE /v1/schedules). */
export function addScheduleCommands(
  program: Command,
  api: () => JobsApiClient,
  print: (value: unknown) => void,
): void {
  const schedules = program
    .command('schedules')
    .description('Recurring jobs: a job submitted at every tick of a cron expression');
  schedules
    .command('create <type>')
    .description(
      'Create a schedule, e.g. `jobs schedules create system.ping --cron "*/10 * * * * *"`',
    )
    .requiredOption('--cron <expr>', '5 fields, or 6 with seconds first')
    .option('--timezone <zone>', 'IANA time zone the fields are read in (default UTC)')
    .option('--upload <id>', 'an upload id (input.uploadId)')
    .option('--input <json>', 'the whole input object as JSON', parseInput)
    .option('--max-attempts <n>', 'attempts before each run fails', positiveInt)
    .action(async (type: string, o: CreateOptions) => {
      const input = { ...o.input, ...(o.upload ? { uploadId: o.upload } : {}) };
      const job = { type, input, ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}) };
      print(
        await api().createSchedule({
          cron: o.cron,
          ...(o.timezone ? { timezone: o.timezone } : {}),
          job,
        }),
      );
    });
  schedules
    .command('list')
    .description('List your schedules, newest first')
    .action(async () => print((await api().listSchedules()).items));
  schedules
    .command('get <id>')
    .description('Show a schedule: its cron, job, next and last run')
    .action(async (id: string) => print(await api().getSchedule(id)));
  schedules
    .command('delete <id>')
    .description('Delete a schedule: no run after this')
    .action(async (id: string) => {
      await api().deleteSchedule(id);
      print({ id, deleted: true });
    });
}
