// Throughput of detectSpeech (decode + mix + detect) on synthetic speech in pink noise, as
// audio seconds per CPU second, median of 3 runs after one warm-up run (JIT). Run:
//   node --expose-gc -r @swc-node/register libs/detection/bench/detect-speech.bench.ts \
//     [minutes=10] [rate=16000] [channels=1]
import { encodeWav16 } from '@jobmill/audio';
import { detectSpeech } from '../src/detect-speech';
import { mixAtSnr, noise } from '../src/testing/noise.generator';
import { speechLike, utterancePlan } from '../src/testing/synthetic-speech.generator';

const CHUNK = 64 * 1024;

function audio(seconds: number, rate: number, channels: number): Buffer {
  const plan = utterancePlan(7, seconds);
  const speech = speechLike(plan, seconds, rate, 7);
  const active = plan.map((u) => [Math.round(u.start * rate), Math.round(u.end * rate)] as const);
  const mono = mixAtSnr(speech, noise('pink', speech.length, 8), 15, active);
  const interleaved = new Float32Array(mono.length * channels);
  for (let i = 0; i < mono.length; i++)
    interleaved.fill(mono[i] as number, i * channels, (i + 1) * channels);
  return encodeWav16(interleaved, rate, channels);
}

async function* chunks(bytes: Buffer): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += CHUNK) yield bytes.subarray(at, at + CHUNK);
}

async function main(): Promise<void> {
  const minutes = Number(process.argv[2] ?? 10);
  const rate = Number(process.argv[3] ?? 16000);
  const channels = Number(process.argv[4] ?? 1);
  const wav = audio(minutes * 60, rate, channels);
  // Collect the generator's garbage now rather than during a timed run.
  (globalThis as { gc?: () => void }).gc?.();
  const speeds: number[] = [];
  await detectSpeech(chunks(wav));
  for (let run = 0; run < 3; run++) {
    const before = process.cpuUsage();
    const result = await detectSpeech(chunks(wav));
    const used = process.cpuUsage(before);
    const cpuSeconds = (used.user + used.system) / 1e6;
    speeds.push(result.duration / cpuSeconds);
    console.log(
      `run ${run + 1}: ${result.segments.length} segments, ${cpuSeconds.toFixed(3)} CPU s`,
    );
  }
  speeds.sort((a, b) => a - b);
  const median = Math.round(speeds[1] as number);
  console.log(`${minutes} min at ${rate} Hz x${channels}: ${median}x real time (median of 3)`);
}

void main();
