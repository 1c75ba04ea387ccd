import { execFileSync, spawnSync } from 'node:child_process';

/** Debian packages the corpus is synthesised with. */
const TOOLS = [
  { command: 'espeak-ng', pkg: 'espeak-ng' },
  { command: 'sox', pkg: 'sox' },
] as const;

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/** Installs espeak-ng and sox with apt-get when missing (needs root, as on CI and dev machines). */
export function ensureTools(): void {
  const missing = TOOLS.filter((t) => !has(t.command)).map((t) => t.pkg);
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
}

/** One espeak-ng rendering request. */
export interface Voice {
  readonly voice: string;
  readonly wpm: number;
  readonly pitch: number;
}

/** Renders `text` with espeak-ng and resamples it with sox to mono float samples at `rate`. */
export function synthesize(text: string, voice: Voice, rate: number): Float32Array {
  const args = ['-v', voice.voice, '-s', String(voice.wpm), '-p', String(voice.pitch)];
  const wav = execFileSync('espeak-ng', [...args, '--stdout', text], {
    maxBuffer: 1 << 28,
  });
  const raw = execFileSync(
    'sox',
    [
      '-t',
      'wav',
      '-',
      '-t',
      'raw',
      '-e',
      'floating-point',
      '-b',
      '32',
      '-c',
      '1',
      '-r',
      String(rate),
      '-',
    ],
    { input: wav, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'ignore'] },
  );
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
}
