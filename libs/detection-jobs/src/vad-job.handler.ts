import { Inject } from '@nestjs/common';
import { BLOB_STORE, requireLocalPath, type BlobStore } from '@jobmill/blobs';
import type { DetectionInput } from '@jobmill/contracts';
import { JobHandler, type JobContext, type JobOutcome } from '@jobmill/job-runtime';
import { TaskPool } from '@jobmill/platform';

/** Runs `detection.vad`: the uploaded WAV through the detector, off the event loop. */
@JobHandler('detection.vad')
export class VadJobHandler implements JobHandler {
  constructor(
    private readonly pool: TaskPool,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
  ) {}

  async run(ctx: JobContext): Promise<JobOutcome> {
    const input = ctx.command.data.input as DetectionInput;
    const path = await requireLocalPath(this.blobs, input.uploadId);
    const result = await this.pool.run<object, Record<string, unknown>>(
      { path, options: input.options ?? {} },
      { signal: ctx.signal, onProgress: (fraction: number) => ctx.reportProgress(fraction) },
    );
    return { status: 'succeeded', result };
  }
}
