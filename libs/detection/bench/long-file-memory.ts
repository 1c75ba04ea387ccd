// Peak resident memory above the process baseline while one file streams from disk through
// detectSpeech: the benchmark's check that a long file is handled in flat memory. Run:
//   node -r @swc-node/register libs/detection/bench/long-file-memory.ts FILE
// Prints the peak growth in MB.
import { createReadStream } from 'node:fs';
import { detectSpeech } from '../src/detect-speech';

async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) throw new Error('usage: long-file-memory.ts FILE');
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sample = (): void => {
    peak = Math.max(peak, process.memoryUsage.rss());
  };
  await detectSpeech(createReadStream(file, { highWaterMark: 64 * 1024 }), {}, sample);
  sample();
  console.log(((peak - baseline) / 2 ** 20).toFixed(1));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
