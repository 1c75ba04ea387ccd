import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Inject } from '@nestjs/common';
import { BLOB_STORE, requireLocalPath, type BlobStore } from '@jobmill/blobs';
import type { ProcessingInput } from '@jobmill/contracts';
import { JobHandler, type JobContext, type JobOutcome } from '@jobmill/job-runtime';
import { TaskPool } from '@jobmill/platform';
import { SCRATCH_PREFIX } from './scratch-dirs.sweeper';

/** The folder of the local blob store, which the thread writes the output blob into. */
export const BLOB_DIR = Symbol('BLOB_DIR');

/** Runs `processing.normalize` in a worker thread; the output WAV goes to the blob store. */
@JobHandler('processing.normalize')
export class NormalizeJobHandler implements JobHandler {
  constructor(
    private readonly pool: TaskPool,
    @Inject(BLOB_STORE) private readonly blobs: BlobStore,
    @Inject(BLOB_DIR) private readonly blobDir: string,
  ) {}

  async run(ctx: JobContext): Promise<JobOutcome> {
    const input = ctx.command.data.input as ProcessingInput;
    const inputPath = await requireLocalPath(this.blobs, input.uploadId);
    // Made and removed here, not in the thread: a cancelled job's thread is ended mid-run.
    const scratchDir = await mkdtemp(path.join(tmpdir(), SCRATCH_PREFIX));
    try {
      const result = await this.pool.run<object, Record<string, unknown>>(
        {
          inputPath,
          scratchDir,
          blobDir: this.blobDir,
          outputId: ctx.command.subject,
          options: input.options ?? {},
        },
        { signal: ctx.signal, onProgress: (fraction: number) => ctx.reportProgress(fraction) },
      );
      return { status: 'succeeded', result };
    } finally {
      await rm(scratchDir, { recursive: true, force: true });
    }
  }
}
