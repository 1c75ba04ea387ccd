import {
  carriedTraceContext,
  feedOf,
  newId,
  parseRetention,
  type JobCommand,
  type JobSubmission,
  type JobType,
} from '@jobmill/contracts';
import { Logger } from '@nestjs/common';
import type {
  InsertAcceptedResult,
  NewPipeline,
  NewPipelineStep,
  PipelineStore,
} from '@jobmill/persistence';
import type { CommandPublication } from './command.publication';

/** A pipeline submission once validated and admitted: what is recorded and published. */
export interface PipelineRequest {
  readonly tenant: string;
  readonly submission: JobSubmission & { readonly then: NonNullable<JobSubmission['then']> };
  /** The first step's command (its job id is the first step's). */
  readonly command: JobCommand;
  readonly runAt?: Date;
  readonly idempotencyKey?: string;
  readonly requestHash?: string;
}

/**
 * Records a pipeline (the parent, type `pipeline`, and every step, in one statement) and
 * publishes its first step's command like any job's, unless the pipeline is delayed. The later
 * steps wait in PostgreSQL: the trigger on `jobs` makes each due as the step before it succeeds,
 * and the due-jobs dispatcher publishes it. A refused publish withdraws the whole pipeline.
 */
export class PipelineSubmission {
  private readonly logger = new Logger('PipelineSubmission');

  constructor(
    private readonly pipelines: PipelineStore,
    private readonly publication: CommandPublication,
    /** JOB_RETENTION: a parent without a retention of its own keeps it (steps go with it). */
    private readonly retentionMs: number,
  ) {}

  /** Records the pipeline and publishes its first step; a 503 problem if the broker refused. */
  async submit(request: PipelineRequest): Promise<InsertAcceptedResult> {
    const { submission: s, command, runAt } = request;
    const retention = s.retention === undefined ? undefined : parseRetention(s.retention);
    const pipeline: NewPipeline = {
      parent: {
        id: newId(),
        tenant: request.tenant,
        input: s.input,
        retentionMs: retention ?? this.retentionMs,
        ...(request.idempotencyKey === undefined
          ? {}
          : { idempotencyKey: request.idempotencyKey, requestHash: request.requestHash }),
        ...(s.dedupKey === undefined ? {} : { dedupKey: s.dedupKey }),
        ...(s.priority === undefined ? {} : { priority: s.priority }),
        ...(s.callbackUrl === undefined ? {} : { callbackUrl: s.callbackUrl }),
      },
      steps: stepsOf(s, command.subject),
      ...(retention === undefined ? {} : { stepRetentionMs: retention }),
      ...(runAt === undefined ? { messageId: command.id } : { runAt }),
      // The later steps' commands (and a delayed first one) continue the first one's trace.
      trace: carriedTraceContext(command),
    };
    const recorded = await this.pipelines.insert(pipeline);
    if (!recorded.inserted || runAt !== undefined) return recorded;
    try {
      await this.publication.publish([command]);
    } catch (error) {
      await this.pipelines.withdraw(pipeline.parent.id).catch((failure: Error) => {
        // Left in place, the sweeper republishes the first step and the pipeline runs.
        this.logger.warn(`Could not withdraw pipeline ${pipeline.parent.id}: ${failure.message}`);
      });
      throw error;
    }
    return recorded;
  }
}

/** The steps in order: the submitted job, then each of `then` with what the one before feeds. */
function stepsOf(s: PipelineRequest['submission'], firstId: string): NewPipelineStep[] {
  const maxAttempts = s.maxAttempts ? { maxAttempts: s.maxAttempts } : {};
  let previous: JobType = s.type;
  const later = s.then.map((step) => {
    // The validator refused every pair without a feed.
    const feed = feedOf(previous, step.type) ?? {};
    previous = step.type;
    return { id: newId(), type: step.type, input: step.input, feed, ...maxAttempts };
  });
  return [{ id: firstId, type: s.type, input: s.input, ...maxAttempts }, ...later];
}
