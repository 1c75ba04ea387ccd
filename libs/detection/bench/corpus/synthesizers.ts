import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The speech synthesizers of the corpus, each a Debian package. */
export type Engine = 'espeak-ng' | 'flite' | 'festival';

/** One rendering request: engine, voice, speed and pitch as each engine takes them. */
export interface Voice {
  readonly engine: Engine;
  readonly voice: string;
  /** Words per minute at espeak-ng's scale (~175 normal); mapped to a duration stretch elsewhere. */
  readonly wpm: number;
  /** 0-99 (espeak-ng); mapped to a mean F0 for flite. */
  readonly pitch: number;
}

/** English voices of flite (built in) and festival (festvox packages): other methods than espeak's. */
export const OTHER_VOICES: Readonly<Record<Exclude<Engine, 'espeak-ng'>, readonly string[]>> = {
  flite: ['kal16', 'awb', 'rms', 'slt'],
  festival: ['kal_diphone', 'ked_diphone', 'cmu_us_slt_arctic_hts'],
};

/** Packages holding the engines and voices above. */
export const SYNTHESIZER_PACKAGES: readonly { command: string; pkg: string }[] = [
  { command: 'espeak-ng', pkg: 'espeak-ng' },
  { command: 'flite', pkg: 'flite' },
  { command: 'text2wave', pkg: 'festival' },
  { command: 'text2wave', pkg: 'festvox-kallpc16k' },
  { command: 'text2wave', pkg: 'festvox-kdlpc16k' },
  { command: 'text2wave', pkg: 'festvox-us-slt-hts' },
];

/** WAV bytes of `text` spoken by `voice`. */
function render(text: string, voice: Voice): Buffer {
  if (voice.engine === 'espeak-ng') {
    const args = ['-v', voice.voice, '-s', String(voice.wpm), '-p', String(voice.pitch)];
    return execFileSync('espeak-ng', [...args, '--stdout', text], { maxBuffer: 1 << 28 });
  }
  const stretch = (175 / voice.wpm).toFixed(2);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'corpus-tts-'));
  const out = path.join(dir, 'out.wav');
  try {
    if (voice.engine === 'flite') {
      const f0 = String(90 + voice.pitch * 1.4);
      const features = [
        '--setf',
        `duration_stretch=${stretch}`,
        '--setf',
        `int_f0_target_mean=${f0}`,
      ];
      execFileSync('flite', ['-voice', voice.voice, ...features, '-t', text, '-o', out]);
    } else {
      const setup = `(begin (voice_${voice.voice}) (Parameter.set 'Duration_Stretch ${stretch}))`;
      execFileSync('text2wave', ['-eval', setup, '-o', out], { input: text, stdio: 'pipe' });
    }
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Renders `text` and resamples it with sox to mono float samples at `rate`. */
export function synthesize(text: string, voice: Voice, rate: number): Float32Array {
  const wav = render(text, voice);
  const format = ['-e', 'floating-point', '-b', '32', '-c', '1', '-r', String(rate)];
  const raw = execFileSync('sox', ['-t', 'wav', '-', '-t', 'raw', ...format, '-'], {
    input: wav,
    maxBuffer: 1 << 28,
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
}
