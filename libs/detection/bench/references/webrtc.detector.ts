import { createRequire } from 'node:module';
import { FrameRuns, monoBlocks, wavRate } from './decoded-mono';

interface NodeVad {
  processAudioFloat(buffer: Buffer, rate: number): Promise<number>;
}
interface NodeVadModule {
  new (mode: number): NodeVad;
  readonly Event: { readonly VOICE: number };
}

const FRAME_SECONDS = 0.03;
/** Gaps under 300 ms bridged, as every detector in the table does. */
const BRIDGE_FRAMES = 10;
const RATES = new Set([8000, 16000, 32000, 48000]);

/** The optional `node-vad` package (a dev-only dependency built by node-gyp), if it loads. */
export function loadNodeVad(): NodeVadModule | undefined {
  try {
    return createRequire(__filename)('node-vad') as NodeVadModule;
  } catch {
    return undefined;
  }
}

/**
 * Reference: the WebRTC VAD (npm node-vad) at `mode` 0 (least aggressive) .. 3 (most), one
 * decision per 30 ms frame. Rates other than 8/16/32/48 kHz are not supported by it.
 */
export async function webrtcDetect(
  vad: NodeVadModule,
  mode: number,
  bytes: Uint8Array,
): Promise<{ start: number; end: number }[]> {
  const rate = wavRate(bytes);
  if (!RATES.has(rate)) throw new Error(`WebRTC VAD does not support ${rate} Hz`);
  const instance = new vad(mode);
  const runs = new FrameRuns(FRAME_SECONDS, BRIDGE_FRAMES);
  const size = Math.round(rate * FRAME_SECONDS);
  const frame = Buffer.alloc(size * 4);
  let filled = 0;
  for (const { samples } of monoBlocks(bytes)) {
    for (let i = 0; i < samples.length; i++) {
      frame.writeFloatLE(samples[i] as number, filled * 4);
      if (++filled < size) continue;
      filled = 0;
      runs.push((await instance.processAudioFloat(frame, rate)) === vad.Event.VOICE);
    }
  }
  return runs.segments;
}
