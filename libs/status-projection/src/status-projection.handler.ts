import {
  envelopesOf,
  isBatchContentType,
  parseCommandType,
  parseJson,
  validateEvent,
  type TopologyNames,
} from '@jobmill/contracts';
import {
  admitCommands,
  asActingUser,
  refusalFailedEvent,
  replyRouteOf,
  type AdmissionPolicy,
  type CommandRefusal,
  STATUS_SOURCE,
} from '@jobmill/job-runtime';
import { tracingEnabled, type HandlerOutcome, type InboundMessage } from '@jobmill/transport';
import { Logger } from '@nestjs/common';
import {
  isDatabaseUnavailable,
  type JobProjector,
  type ProjectableMessage,
} from '@jobmill/persistence';
import { ProjectionMetrics } from './projection.metrics';
import { tracedProjection } from './projection.tracing';
import type { UnboundCommandReplier } from './unbound-command.replier';
import type {
  PartnerCommand,
  PartnerSubmissionGate,
  RefusedCommand,
} from './limits/partner-submission.gate';

const ACK: HandlerOutcome = { kind: 'ack' };
const MAX_HOLD_DELAY_MS = 5_000;

/**
 * What the projector can take from one delivery (one message, or every member of a CloudEvents
 * batch), and why the rest, if anything, was refused (the code goes into the dead-letter headers).
 */
export type Projectable =
  | {
      readonly ok: true;
      readonly values: readonly ProjectableMessage[];
      readonly refused?: { readonly code: string; readonly message: string };
    }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Folds per-member verdicts: the valid members, and a summary of the refused ones. */
function collect<T>(
  verdicts: readonly ({ ok: true; value: T } | { ok: false; code: string; message: string })[],
): { values: T[]; refused?: { code: string; message: string } } {
  const values = verdicts.flatMap((v) => (v.ok ? [v.value] : []));
  const bad = verdicts.flatMap((v, i) => (v.ok ? [] : [{ ...v, i }]));
  const first = bad[0];
  if (!first) return { values };
  const message =
    verdicts.length === 1
      ? first.message
      : `${bad.length} of ${verdicts.length} members refused; member ${first.i}: ${first.message}`;
  return { values, refused: { code: first.code, message } };
}

/** Commands come from the commands exchange, or straight to this queue when requeued. */
const isCommandDelivery = (message: InboundMessage, names: TopologyNames): boolean =>
  message.exchange === names.commands ||
  (message.exchange === '' && parseCommandType(message.properties.type ?? '') !== undefined);

/**
 * Turns one delivery into what the projector understands, or says why it cannot. With a
 * policy, a command must pass the workers' admission (size, content type, tenant of its
 * user_id) and an event must come from a platform user, so nobody records jobs for others.
 */
export function toProjectable(
  message: InboundMessage,
  names: TopologyNames,
  policy?: AdmissionPolicy,
): Projectable {
  // A requeued delivery is judged as the user it was first published by, not as the platform.
  const acting = asActingUser(message, policy?.authorizer);
  if (isCommandDelivery(message, names)) return commandsOf(acting, policy);
  const authorizer = policy?.authorizer;
  if (authorizer && !authorizer.isTrusted(acting.properties.userId))
    return {
      ok: false,
      code: 'UNTRUSTED_PUBLISHER',
      message: `Job events are accepted only from platform users, not '${acting.properties.userId ?? '(no user_id)'}'.`,
    };
  const json = parseJson(message.body);
  if (!json.ok) return json;
  const envelopes = envelopesOf(json.value, isBatchContentType(message.properties.contentType));
  if (!envelopes.ok) return envelopes;
  return projectableOf(
    collect(
      envelopes.value.map((envelope) => {
        const event = validateEvent(envelope);
        return event.ok
          ? {
              ok: true as const,
              value: { kind: 'event' as const, event: event.value.event, name: event.value.name },
            }
          : event;
      }),
    ),
  );
}

/**
 * A command delivery's projectable parts: each admitted command, and for each refused one that
 * names its job for a tenant its publisher may act for, the job.failed that records the refusal
 * (the same event, by id, as the worker's), so the job is visible at once in its final state.
 */
function commandsOf(message: InboundMessage, policy: AdmissionPolicy | undefined): Projectable {
  const admitted = admitCommands(message, policy);
  const refusedAs = (refusal: CommandRefusal): ProjectableMessage[] => {
    const event = refusalFailedEvent(message, refusal, policy, STATUS_SOURCE);
    return event ? [{ kind: 'event', event, name: 'failed' }] : [];
  };
  if (!admitted.ok) {
    const failed = refusedAs(admitted);
    const refused = { code: admitted.code, message: admitted.reason };
    return failed.length > 0 ? { ok: true, values: failed, refused } : { ok: false, ...refused };
  }
  const folded = collect(
    admitted.members.map((c) =>
      c.ok
        ? {
            ok: true as const,
            value: { kind: 'command' as const, command: c.command, jobType: c.jobType },
          }
        : { ok: false as const, code: c.code, message: c.reason },
    ),
  );
  const failed = admitted.members.flatMap((c) => (c.ok ? [] : refusedAs(c)));
  return projectableOf({ ...folded, values: [...folded.values, ...failed] });
}

/** A partner's command turned away for load is projected as its recorded failure. */
function refusedAs(
  message: ProjectableMessage,
  refused: ReadonlyMap<string, RefusedCommand>,
): ProjectableMessage {
  const refusal = message.kind === 'command' ? refused.get(message.command.id) : undefined;
  return refusal ? { kind: 'event', event: refusal.failed, name: 'failed' } : message;
}

/** Nothing valid and something refused is a refusal; anything valid is projected. */
function projectableOf(folded: ReturnType<typeof collect<ProjectableMessage>>): Projectable {
  if (folded.values.length === 0 && folded.refused) return { ok: false, ...folded.refused };
  return { ok: true, ...folded };
}

/**
 * Projects a batch of deliveries (command copies and job events) into PostgreSQL in one
 * transaction; acks only after it committed. A message that breaks its contract is
 * dead-lettered with the reason. While the database is unreachable the batch is held, not
 * requeued (a requeue loop would spend the queue's delivery limit and dead-letter good events):
 * nothing is acked, the broker keeps the rest, and projection catches up when it is back.
 */
export class StatusProjectionHandler {
  private readonly logger = new Logger('StatusProjection');
  private readonly stopping = new AbortController();
  private readonly metrics = new ProjectionMetrics();

  constructor(
    private readonly projector: JobProjector,
    private readonly names: TopologyNames,
    private readonly policy?: AdmissionPolicy,
    private readonly firstHoldDelayMs = 250,
    private readonly replier?: UnboundCommandReplier,
    /** Holds commands that partners publish to QUEUE_LIMITS and TENANT_LIMITS. */
    private readonly gate?: PartnerSubmissionGate,
  ) {}

  /** Gives up holding (shutdown): the held batch goes back to the queue. */
  stop(): void {
    this.stopping.abort();
  }

  async handle(messages: readonly InboundMessage[]): Promise<HandlerOutcome[]> {
    let batch: ProjectableMessage[] = [];
    const partners: PartnerCommand[] = [];
    const gate = this.gate?.active ? this.gate : undefined;
    const outcomes = messages.map((message): HandlerOutcome => {
      const result = toProjectable(message, this.names, this.policy);
      if (!result.ok) return { kind: 'dead-letter', code: result.code, reason: result.message };
      batch.push(...result.values);
      if (gate) partners.push(...this.partnerCommands(message, result.values));
      // The valid members are projected; the message is kept in the DLQ for the refused ones.
      const { refused } = result;
      return refused ? { kind: 'dead-letter', code: refused.code, reason: refused.message } : ACK;
    });
    const turnedAway = gate && partners.length > 0 ? await this.screen(gate, partners) : undefined;
    if (turnedAway?.size) batch = batch.map((m) => refusedAs(m, turnedAway));
    await this.project(batch);
    if (gate && turnedAway) await this.announce(gate, turnedAway.values());
    if (this.replier) await this.answerUnbound(messages, outcomes, this.replier);
    return outcomes;
  }

  /** The commands of a delivery that a partner published (not the platform, not a requeue). */
  private partnerCommands(
    message: InboundMessage,
    values: readonly ProjectableMessage[],
  ): PartnerCommand[] {
    const authorizer = this.policy?.authorizer;
    if (message.exchange !== this.names.commands || !authorizer) return [];
    if (authorizer.isTrusted(message.properties.userId)) return [];
    const route = replyRouteOf(message.properties);
    return values.flatMap((m) =>
      m.kind === 'command'
        ? [{ command: m.command, jobType: m.jobType, ...(route && { route }) }]
        : [],
    );
  }

  private async project(batch: readonly ProjectableMessage[]): Promise<void> {
    if (batch.length === 0) return;
    if (!tracingEnabled()) return this.projectHolding(batch);
    await tracedProjection(this.names.statusQueue, batch, () => this.projectHolding(batch));
  }

  /** Limits are a safeguard: if they cannot be read, the commands are accepted, as before. */
  private screen(gate: PartnerSubmissionGate, partners: readonly PartnerCommand[]) {
    return gate.screen(partners).catch((error: unknown) => {
      this.logger.warn(`Limits not checked for ${partners.length} commands: ${String(error)}`);
      return undefined;
    });
  }

  /** A lost announcement is logged: the job's state is recorded, and the worker repeats the event. */
  private async announce(gate: PartnerSubmissionGate, refused: Iterable<RefusedCommand>) {
    await gate.announce(refused).catch((error: unknown) => {
      this.logger.warn(`A refusal for load was not announced: ${String(error)}`);
    });
  }

  /** Replies the refusals no worker saw; a lost reply is logged, never a reason to redeliver. */
  private async answerUnbound(
    messages: readonly InboundMessage[],
    outcomes: readonly HandlerOutcome[],
    replier: UnboundCommandReplier,
  ): Promise<void> {
    await Promise.all(
      messages.map((message, i) =>
        replier.answer(message, outcomes[i] ?? ACK).catch((error: unknown) => {
          this.logger.warn(`A rejection reply was not sent: ${String(error)}`);
        }),
      ),
    );
  }

  private async projectHolding(batch: readonly ProjectableMessage[]): Promise<void> {
    for (let delay = this.firstHoldDelayMs; ; delay = Math.min(delay * 2, MAX_HOLD_DELAY_MS)) {
      try {
        this.metrics.committed(batch, await this.projector.project(batch));
        if (delay > this.firstHoldDelayMs) this.logger.log('PostgreSQL is back; projecting again.');
        return;
      } catch (error) {
        if (!isDatabaseUnavailable(error) || this.stopping.signal.aborted) throw error;
        if (delay === this.firstHoldDelayMs)
          this.logger.warn(`PostgreSQL unavailable (${String(error)}); holding the batch.`);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
