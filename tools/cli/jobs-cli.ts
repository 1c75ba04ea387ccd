import { Command, InvalidArgumentError, Option } from 'commander';
import { JobsApiClient, type JobView } from './jobs-api.client';
import { addDeadLetterCommands } from './dead-letters.commands';
import { addKeyCommands } from './keys.commands';
import { addOperationsCommands } from './operations.commands';
import { addScheduleCommands } from './schedules.commands';
import { collectThenStep, type ThenStep } from './then-step.option';
import { watchJob } from './watch-job';

/** `--then`: one more pipeline step, in order. */
const thenStep = (value: string, previous?: readonly ThenStep[]): ThenStep[] => {
  try {
    return collectThenStep(value, previous);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
};

/** Where the CLI writes; a test passes its own. */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTty: boolean;
}

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
};

const parseInput = (value: string): Record<string, unknown> => {
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new InvalidArgumentError('must be a JSON object');
  }
};

interface GlobalOptions {
  readonly apiUrl: string;
  readonly apiKey: string;
}

interface SubmitOptions {
  readonly file?: string;
  readonly upload?: string;
  readonly input?: Record<string, unknown>;
  readonly maxAttempts?: number;
  readonly dedupKey?: string;
  readonly priority?: string;
  readonly retention?: string;
  readonly runAt?: string;
  readonly delayMs?: number;
  readonly callbackUrl?: string;
  readonly then?: readonly ThenStep[];
  readonly wait?: boolean;
}

/** The exit code of a job that was waited for: 0 only when it succeeded. */
const exitCodeOf = (job: JobView): number => (job.status === 'SUCCEEDED' ? 0 : 1);

/** Builds the `jobs` program; actions set `process.exitCode`-style codes through `setExit`. */
export function buildJobsCli(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command('jobs')
    .description('Submit, follow and cancel jobmill jobs through the REST API.')
    .option(
      '--api-url <url>',
      'API base URL (env API_URL)',
      io.env['API_URL'] ?? 'http://127.0.0.1:3000',
    )
    .option('--api-key <key>', 'API key (env API_KEY)', io.env['API_KEY'] ?? 'demo-key-123')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();
  const api = () => {
    const g = program.opts<GlobalOptions>();
    return new JobsApiClient(g.apiUrl, g.apiKey);
  };
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  const watch = (id: string, intervalMs: number, timeoutMs: number) =>
    watchJob(api(), id, { intervalMs, timeoutMs, bar: io.isTty, write: io.out });

  program
    .command('submit <type>')
    .description('Submit a job, e.g. `jobs submit detection.vad --file speech.wav --wait`')
    .option('--file <wav>', 'upload this WAV file first and use it as input.uploadId')
    .option('--upload <id>', 'an upload id (input.uploadId)')
    .option('--input <json>', 'the whole input object as JSON', parseInput)
    .option('--max-attempts <n>', 'attempts before the job fails', positiveInt)
    .option('--dedup-key <key>', 'answer the unfinished job holding this key instead')
    .addOption(
      new Option(
        '--priority <priority>',
        'waiting jobs start high first, then normal, then low',
      ).choices(['high', 'normal', 'low']),
    )
    .option(
      '--retention <duration>',
      'keep the finished job this long, e.g. 1h (at most JOB_RETENTION)',
    )
    .option('--run-at <time>', 'run at this ISO 8601 time (PENDING until then)')
    .option('--delay-ms <ms>', 'run this many milliseconds from now', positiveInt)
    .option('--callback-url <url>', 'POST the job here (signed) on each terminal state')
    .option(
      '--then <step>',
      'a pipeline: then run this job type fed with the output of the one before, once per ' +
        'step in order; <type> or <type>=<its own input JSON>, e.g. ' +
        '--then \'processing.clips={"options":{"paddingMs":100}}\'',
      thenStep,
    )
    .option('--wait', 'watch the job until it ends; exit 1 unless it succeeded')
    .action(async (type: string, o: SubmitOptions) => {
      const input = { ...o.input };
      if (o.upload) input['uploadId'] = o.upload;
      if (o.file) input['uploadId'] = await api().upload(o.file);
      const job = await api().submit({
        type,
        input,
        ...(o.maxAttempts ? { maxAttempts: o.maxAttempts } : {}),
        ...(o.dedupKey ? { dedupKey: o.dedupKey } : {}),
        ...(o.priority ? { priority: o.priority } : {}),
        ...(o.retention ? { retention: o.retention } : {}),
        ...(o.runAt ? { runAt: o.runAt } : {}),
        ...(o.delayMs ? { delayMs: o.delayMs } : {}),
        ...(o.callbackUrl ? { callbackUrl: o.callbackUrl } : {}),
        ...(o.then ? { then: o.then } : {}),
      });
      if (!o.wait) return print(job);
      const done = await watch(job.id, 500, 3_600_000);
      print(done);
      setExit(exitCodeOf(done));
    });

  program
    .command('status <id>')
    .description('Show a job: status, progress, result or error')
    .action(async (id: string) => print(await api().get(id)));

  program
    .command('watch <id>')
    .description('Follow a job with a progress bar until it ends; exit 1 unless it succeeded')
    .option('--interval <ms>', 'poll interval', positiveInt, 500)
    .option('--timeout <ms>', 'give up after', positiveInt, 3_600_000)
    .action(async (id: string, o: { interval: number; timeout: number }) => {
      const done = await watch(id, o.interval, o.timeout);
      print(done);
      setExit(exitCodeOf(done));
    });

  program
    .command('cancel <id>')
    .description('Cancel a job (POST /v1/jobs/:id/cancel)')
    .action(async (id: string) => print(await api().cancel(id)));

  program
    .command('retry <id>')
    .description('Run a failed job again; a failed pipeline resumes from its failed step')
    .action(async (id: string) => print(await api().retry(id)));

  program
    .command('upload <wav>')
    .description('Upload a WAV file; prints its upload id')
    .action(async (file: string) => print({ id: await api().upload(file) }));

  program
    .command('delete-upload <id>')
    .description('Delete an upload and its audio (DELETE /v1/uploads/:id)')
    .action(async (id: string) => {
      await api().deleteUpload(id);
      print({ id, deleted: true });
    });

  addKeyCommands(program, api, print);
  addScheduleCommands(program, api, print);
  addOperationsCommands(program, api, print);
  addDeadLetterCommands(program, api, print);
  return program;
}

/** Runs the CLI on `argv` (without node and script); resolves with the exit code. */
export async function runJobsCli(argv: readonly string[], io: CliIo): Promise<number> {
  let code = 0;
  const program = buildJobsCli(io, (c) => (code = c));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    const e = error as { code?: string; exitCode?: number; message?: string };
    // commander has printed usage errors and help already.
    if (e.code?.startsWith('commander.')) return e.exitCode ?? 2;
    io.err(`jobs: ${e.message ?? String(error)}`);
    return 1;
  }
}
