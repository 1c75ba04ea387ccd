import {
  createCommand,
  newId,
  parseEnvelopes,
  parseEventType,
  type JobCommand,
  type JobEvent,
} from '@jobmill/contracts';
import type { ProbedMessage } from '@jobmill/transport/testing';
import type { JobHandler } from '../handler/job-handler.decorator';
import type { JobContext, JobOutcome } from '../handler/job-handler.types';

/** A valid detection result. */
export const RESULT = {
  segments: [{ start: 0.1, end: 0.9 }],
  speechRatio: 0.8,
  duration: 1,
  sampleRate: 16_000,
  channels: 1,
};

/** A detection command of tenant acme, with `extra` over it. */
export const vadCommand = (extra: Partial<JobCommand> = {}): JobCommand => ({
  ...createCommand({
    jobId: newId(),
    jobType: 'detection.vad',
    data: { input: { uploadId: newId() } },
    tenant: 'acme',
    source: '/test/api',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  }),
  ...extra,
});

/** A detection command allowing `maxAttempts` attempts. */
export const vadCommandWithAttempts = (maxAttempts: number): JobCommand =>
  vadCommand({ data: { input: { uploadId: newId() }, maxAttempts } });

/** An error a handler throws; classified by code, kind and retryable like a worker's. */
export const jobError = (
  message: string,
  fields: { code: string; kind?: string; retryable?: boolean },
): Error => Object.assign(new Error(message), fields);

/** Rejects with the signal's reason once it aborts (what a TaskPool run does). */
export const untilAborted = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });

/** A job handler whose behaviour is set per job id (default: succeed), recording every call. */
export class ScriptedHandler implements JobHandler {
  readonly calls: JobContext[] = [];
  /** When each call started (ms since the epoch), in call order. */
  readonly startedAt: number[] = [];
  private readonly behaviour = new Map<string, (ctx: JobContext) => Promise<JobOutcome>>();

  /** Sets what the handler does for one job. */
  on(jobId: string, act: (ctx: JobContext) => Promise<JobOutcome>): void {
    this.behaviour.set(jobId, act);
  }

  async run(ctx: JobContext): Promise<JobOutcome> {
    this.calls.push(ctx);
    this.startedAt.push(Date.now());
    const act = this.behaviour.get(ctx.command.subject);
    return act ? act(ctx) : { status: 'succeeded', result: RESULT };
  }

  /** The calls made for one job, in order. */
  callsOf(jobId: string): JobContext[] {
    return this.calls.filter((c) => c.command.subject === jobId);
  }

  /** When the calls for one job started. */
  startsOf(jobId: string): number[] {
    return this.calls.flatMap((c, i) =>
      c.command.subject === jobId ? [this.startedAt[i] ?? 0] : [],
    );
  }
}

/** Job events heard on a probe of the events exchange. */
export class EventLog {
  constructor(private readonly received: ProbedMessage[]) {}

  /** The events of one job, in arrival order. */
  of(jobId: string): JobEvent[] {
    return this.received
      .flatMap((m) => parseEnvelopes<JobEvent>(m.content, m.properties.contentType as string))
      .filter((e) => e.subject === jobId);
  }

  /** The event names (started, succeeded, ...) of one job. */
  namesOf(jobId: string): Array<string | undefined> {
    return this.of(jobId).map((e) => parseEventType(e.type));
  }

  /** The first event of a job with this name. */
  find<N extends string>(jobId: string, name: N): JobEvent | undefined {
    return this.of(jobId).find((e) => parseEventType(e.type) === name);
  }

  /** Ids of the terminal events of a job (one outcome: one id, however often it is sent). */
  terminalIds(jobId: string): Set<string> {
    const terminal = ['succeeded', 'failed', 'cancelled'];
    return new Set(
      this.of(jobId)
        .filter((e) => terminal.includes(String(parseEventType(e.type))))
        .map((e) => e.id),
    );
  }

  /** The raw messages of a job's events (for routing keys and properties). */
  messagesOf(jobId: string): ProbedMessage[] {
    return this.received.filter((m) =>
      parseEnvelopes<JobEvent>(m.content, m.properties.contentType as string).some(
        (e) => e.subject === jobId,
      ),
    );
  }
}
