import type { MessagePort } from 'node:worker_threads';
import { wav16Header, Wav16StreamEncoder } from '@jobmill/audio';
import { LocalDiskBlobStore } from '@jobmill/blobs';
import type { ClipsOptions, ClipsResult } from '@jobmill/contracts';
import {
  assertAudioFormat,
  ClipCutter,
  clipFileName,
  clipManifest,
  MonoMixer,
  planClips,
  resolveClipsOptions,
  type PlannedClip,
  type SpeechSpan,
} from '@jobmill/processing';
import { settle, type TaskResult } from '@jobmill/task-result';
import { probeSource, wavBlocks } from './clips-source';
import { ClipsZipWriter } from './clips-zip.writer';

/** Input of one clips run inside a worker thread. */
export interface ClipsTaskInput {
  readonly inputPath: string;
  readonly blobDir: string;
  /** The output blob's id: the job id, so a re-run replaces rather than duplicates it. */
  readonly outputId: string;
  readonly uploadId: string;
  readonly segments: readonly SpeechSpan[];
  readonly options: ClipsOptions;
  readonly progressPort: MessagePort;
}

/** Cuts the segments out of the source into mono WAV clips, zipped with manifest.json as a blob. */
export default async function clips(input: ClipsTaskInput): Promise<TaskResult<ClipsResult>> {
  return settle(async () => {
    const writer = await new LocalDiskBlobStore(input.blobDir).createWriter(input.outputId);
    const zip = new ClipsZipWriter(writer.stream);
    try {
      const result = await writeZip(input, zip);
      await zip.finish();
      const blob = await writer.commit();
      return {
        ...result,
        output: {
          blobId: input.outputId,
          size: blob.size,
          sha256: blob.sha256,
          contentType: 'application/zip',
        },
      };
    } catch (error) {
      zip.abort();
      await writer.abort();
      throw error;
    } finally {
      input.progressPort.close();
    }
  });
}

/** Plans the clips, writes the manifest first (every number is known before cutting), then each clip. */
async function writeZip(
  input: ClipsTaskInput,
  zip: ClipsZipWriter,
): Promise<Omit<ClipsResult, 'output'>> {
  const { format, frames } = await probeSource(input.inputPath);
  assertAudioFormat(format.sampleRate, format.channels);
  const options = resolveClipsOptions(input.options, format.sampleRate);
  const plan = planClips(input.segments, options.paddingMs, {
    sampleRate: format.sampleRate,
    frames,
  });
  const cutter = new ClipCutter(plan, format.sampleRate, options.sampleRate);
  const manifest = clipManifest(plan, {
    uploadId: input.uploadId,
    sourceRate: format.sampleRate,
    sourceFrames: frames,
    outputRate: options.sampleRate,
    paddingMs: options.paddingMs,
    outputFrames: (clip) => cutter.outputFrames(clip),
  });
  zip.addBuffer('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
  if (plan.length > 0) await cutClips(input, zip, cutter, plan, format.channels);
  return {
    clips: plan.length,
    totalDuration: manifest.totalDuration,
    sampleRate: options.sampleRate,
    channels: 1,
    sourceDuration: manifest.sourceDuration,
  };
}

/** One pass over the source: mixed to mono, cut, each clip streamed into its own ZIP entry. */
async function cutClips(
  input: ClipsTaskInput,
  zip: ClipsZipWriter,
  cutter: ClipCutter,
  plan: readonly PlannedClip[],
  channels: number,
): Promise<void> {
  const mixer = new MonoMixer(channels);
  const lastFrame = plan[plan.length - 1]?.endFrame ?? 0;
  let encoder: Wav16StreamEncoder | undefined;
  for await (const block of wavBlocks(input.inputPath)) {
    for (const piece of cutter.push(mixer.mix(block.samples))) {
      if (!encoder) {
        zip.startEntry(clipFileName(piece.clip.index, plan.length));
        encoder = new Wav16StreamEncoder(cutter.outputRate, 1);
        await zip.write(wav16Header(cutter.outputRate, 1, cutter.outputFrames(piece.clip) * 2));
      }
      await zip.write(encoder.encode(piece.samples));
      if (piece.last) {
        zip.endEntry();
        encoder = undefined;
      }
    }
    const read = block.startFrame + block.frameCount;
    input.progressPort.postMessage(Math.min(1, read / Math.max(1, lastFrame)));
    // Clips are in audio order and never overlap: past the last one's end nothing is needed.
    if (read >= lastFrame) break;
  }
  cutter.finish();
}
