import {
  type JobCommand,
  type JobError,
  type JobEventData,
  type JobEventName,
  createCommand,
  eventFor,
  newId,
} from '@jobmill/contracts';
import type { ProjectableMessage } from '../projection/projectable-message';

type EventArgs<K extends JobEventName> = Omit<JobEventData[K], 'jobType'>;

/** Builds one job's command copy and events for tests, with times that rise in call order. */
export class JobScript {
  readonly jobId = newId();
  private clock: number;
  private readonly command: JobCommand<'detection.vad'>;

  constructor(
    readonly tenant = 'acme',
    startMs = Date.UTC(2026, 0, 1),
    maxAttempts = 3,
    callbackUrl?: string,
  ) {
    this.clock = startMs;
    this.command = createCommand({
      jobId: this.jobId,
      jobType: 'detection.vad',
      data: {
        input: { uploadId: newId() },
        maxAttempts,
        ...(callbackUrl === undefined ? {} : { callbackUrl }),
      },
      tenant,
      source: '/jobmill/test',
    });
  }

  /** The command's copy for an attempt (a retry is a new message). */
  commandCopy(attempt = 1): ProjectableMessage {
    const id = attempt === 1 ? this.command.id : newId();
    return {
      kind: 'command',
      command: { ...this.command, id, attempt, time: this.tick() },
      jobType: 'detection.vad',
    };
  }

  /** An event of the job at an attempt. */
  event<K extends JobEventName>(name: K, args: EventArgs<K>, attempt = 1): ProjectableMessage {
    const data = { jobType: 'detection.vad', ...args } as JobEventData[K];
    const event = eventFor({ ...this.command, attempt }, name, data, '/jobmill/test');
    return { kind: 'event', event: { ...event, time: this.tick() }, name };
  }

  started(attempt = 1, worker = 'w1'): ProjectableMessage {
    return this.event('started', { worker }, attempt);
  }

  progress(progress: number, attempt = 1): ProjectableMessage {
    return this.event('progress', { progress }, attempt);
  }

  retrying(attempt = 1, nextAttemptAt = '2026-01-01T01:00:00.000Z'): ProjectableMessage {
    return this.event('retrying', { error: transientError, nextAttemptAt }, attempt);
  }

  succeeded(
    attempt = 1,
    result: Record<string, unknown> = { speechRatio: 0.5 },
  ): ProjectableMessage {
    return this.event('succeeded', { result }, attempt);
  }

  failed(attempt = 1): ProjectableMessage {
    return this.event('failed', { error: permanentError }, attempt);
  }

  cancelled(attempt = 1): ProjectableMessage {
    return this.event('cancelled', { reason: 'user' }, attempt);
  }

  /** The whole happy path, by name: command, started, progress 0.5, succeeded. */
  lifecycle(): Record<'command' | 'started' | 'progress' | 'succeeded', ProjectableMessage> {
    return {
      command: this.commandCopy(),
      started: this.started(),
      progress: this.progress(0.5),
      succeeded: this.succeeded(),
    };
  }

  /** The happy path as a batch, in order. */
  happyPath(): ProjectableMessage[] {
    return Object.values(this.lifecycle());
  }

  private tick(): string {
    this.clock += 10;
    return new Date(this.clock).toISOString();
  }
}

/** A retryable error, as workers report it. */
export const transientError: JobError = {
  code: 'BROKER_HICCUP',
  message: 'try again',
  kind: 'transient',
  retryable: true,
};

/** A final error, as workers report it. */
export const permanentError: JobError = {
  code: 'MALFORMED_WAV',
  message: 'not a wav file',
  kind: 'permanent',
  retryable: false,
};

/** A copy of the items in a random order (Fisher-Yates), from `random` in [0, 1). */
export function shuffle<T>(items: readonly T[], random: () => number = Math.random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    const [a, b] = [out[i], out[j]] as [T, T];
    out[i] = b;
    out[j] = a;
  }
  return out;
}

/** The time of a message's envelope. */
export const timeOf = (message: ProjectableMessage): string =>
  message.kind === 'command' ? message.command.time : message.event.time;
