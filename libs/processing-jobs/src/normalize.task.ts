import { open } from 'node:fs/promises';
import path from 'node:path';
import type { MessagePort } from 'node:worker_threads';
import { LocalDiskBlobStore } from '@jobmill/blobs';
import type { NormalizeOptions, NormalizeResult } from '@jobmill/contracts';
import { settle, type TaskResult } from '@jobmill/task-result';
import { analyse, render } from './normalize-passes';

/** Input of one normalisation run inside a worker thread. */
export interface NormalizeTaskInput {
  readonly inputPath: string;
  /** An empty folder for the mono scratch file; its owner (the main thread) removes it. */
  readonly scratchDir: string;
  readonly blobDir: string;
  /** The output blob's id: the job id, so a re-run replaces rather than duplicates it. */
  readonly outputId: string;
  readonly options: NormalizeOptions;
  readonly progressPort: MessagePort;
}

/** Resamples to mono at the target rate, normalises loudness, and stores the WAV as a blob. */
export default async function normalize(
  input: NormalizeTaskInput,
): Promise<TaskResult<NormalizeResult>> {
  return settle(async () => {
    const scratchPath = path.join(input.scratchDir, 'mono.f32');
    const progress = (from: number, span: number) => (f: number) =>
      input.progressPort.postMessage(from + span * f);
    const writer = await new LocalDiskBlobStore(input.blobDir).createWriter(input.outputId);
    try {
      const scratch = await open(scratchPath, 'w');
      const analysis = await analyse(
        input.inputPath,
        scratch,
        input.options,
        progress(0, 0.6),
      ).finally(() => scratch.close());
      const outputLufs = await render(scratchPath, analysis, writer.stream, progress(0.6, 0.4));
      const blob = await writer.commit();
      return {
        output: {
          blobId: input.outputId,
          size: blob.size,
          sha256: blob.sha256,
          contentType: 'audio/wav',
        },
        sampleRate: analysis.sampleRate,
        channels: 1,
        duration: analysis.duration,
        inputLufs: round(analysis.inputLufs),
        outputLufs: round(outputLufs),
        gainDb: round(analysis.gainDb) ?? 0,
      };
    } catch (error) {
      await writer.abort();
      throw error;
    } finally {
      input.progressPort.close();
    }
  });
}

const round = (value: number | null): number | null =>
  value === null ? null : Math.round(value * 100) / 100;
