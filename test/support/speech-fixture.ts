import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** A WAV of real synthetic speech with known speech intervals (seconds). */
export interface SpeechFixture {
  readonly file: string;
  readonly speech: ReadonlyArray<{ readonly start: number; readonly end: number }>;
  readonly duration: number;
}

const sox = (...args: string[]) =>
  execFileSync('sox', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const seconds = (file: string) =>
  Number(execFileSync('soxi', ['-D', file], { encoding: 'utf8' }).trim());

/**
 * Speaks each sentence with espeak-ng, trims the synthesiser's own leading and trailing
 * silence, and joins them with silences of known length: the truth is known by construction.
 */
export function makeSpeechFixture(
  dir: string,
  sentences: readonly string[],
  gaps: readonly number[],
  voice = 'en',
): SpeechFixture {
  const parts: string[] = [];
  const speech: Array<{ start: number; end: number }> = [];
  let t = 0;
  const silence = (length: number, i: number) => {
    const file = path.join(dir, `gap-${i}.wav`);
    sox('-n', '-r', '22050', '-c', '1', '-b', '16', file, 'trim', '0', String(length));
    parts.push(file);
    t += length;
  };
  sentences.forEach((sentence, i) => {
    silence(gaps[i] ?? 1, i);
    const raw = path.join(dir, `speech-${i}-raw.wav`);
    const trimmed = path.join(dir, `speech-${i}.wav`);
    execFileSync('espeak-ng', ['-v', voice, '-s', '150', '-w', raw, sentence]);
    sox(
      raw,
      '-r',
      '22050',
      '-c',
      '1',
      '-b',
      '16',
      trimmed,
      'silence',
      '1',
      '0.02',
      '1%',
      'reverse',
      'silence',
      '1',
      '0.02',
      '1%',
      'reverse',
    );
    const length = seconds(trimmed);
    parts.push(trimmed);
    speech.push({ start: t, end: t + length });
    t += length;
  });
  silence(gaps[sentences.length] ?? 1, sentences.length);
  const file = path.join(dir, 'speech.wav');
  sox(...parts, file);
  return { file, speech, duration: seconds(file) };
}

/**
 * Minutes of 48 kHz stereo pink noise: normalising it takes long enough that a test can act
 * (kill, cancel, stop) while the job is still running.
 */
export function makeLongNoise(dir: string, seconds = 240): string {
  const file = path.join(dir, 'long.wav');
  sox(
    '-n',
    '-r',
    '48000',
    '-c',
    '2',
    '-b',
    '16',
    file,
    'synth',
    String(seconds),
    'pinknoise',
    'vol',
    '0.2',
  );
  return file;
}
