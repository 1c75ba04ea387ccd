import { Inject } from '@nestjs/common';
import { BLOB_STORE, requireLocalPath, type BlobStore } from '@jobmill/blobs';
import type { ClipsInput } from '@jobmill/contracts';
import { JobHandler, type JobContext, type JobOutcome } from '@jobmill/job-runtime';
import { TaskPool } from '@jobmill/platform';
import { BLOB_DIR } from './normalize-job.handler';

/** Runs `processing.clips` in a worker thread; the ZIP of clips goes to the blob store. */
@JobHandler('processing.clips')
export class ClipsJobHandler implements JobHandler {
  constructor(
    private readonly pool: TaskPool,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(BLOB_DIR) private readonly blobDir: string,
  ) {}

  async run(ctx: JobContext): Promise<JobOutcome> {
    const input = ctx.command.data.input as ClipsInput;
    const inputPath = await requireLocalPath(this.blobs, input.uploadId);
    const result = await this.pool.run<object, Record<string, unknown>>(
      {
        inputPath,
        blobDir: this.blobDir,
        outputId: ctx.command.subject,
        uploadId: input.uploadId,
        segments: input.segments,
        options: input.options ?? {},
      },
      {
        task: 'clips',
        signal: ctx.signal,
        onProgress: (fraction: number) => ctx.reportProgress(fraction),
      },
    );
    return { status: 'succeeded', result };
  }
}
