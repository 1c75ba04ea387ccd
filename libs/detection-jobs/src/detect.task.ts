import { createReadStream } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import type { DetectionResult, VadOptions } from '@jobmill/contracts';
import { detectSpeech } from '@jobmill/detection';
import { settle, type TaskResult } from '@jobmill/task-result';

/** Input of one detection run inside a worker thread. */
export interface DetectTaskInput {
  readonly path: string;
  readonly options: VadOptions;
  readonly progressPort: MessagePort;
}

/** Streams the WAV file through the detector in this thread, posting progress fractions. */
export default async function detect(input: DetectTaskInput): Promise<TaskResult<DetectionResult>> {
  return settle(async () => {
    const source = createReadStream(input.path, { highWaterMark: 1 << 16 });
    try {
      return await detectSpeech(source, input.options, (fraction: number) =>
        input.progressPort.postMessage(fraction),
      );
    } finally {
      source.destroy();
      input.progressPort.close();
    }
  });
}
