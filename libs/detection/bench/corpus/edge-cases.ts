import type { Random } from '../../src/testing/seeded-random';
import type { CorpusFile } from './corpus-manifest';
import type { Segment } from './ground-truth';
import { colouredNoise, modulatedNoise } from './noise-sources';
import { cleanScene, mixAtSnr, utterance, type Split } from './scene-builder';
import { factChunk, fmtChunk, listChunk, riff, sampleData, wavFile } from './wav-files';

/** A file to write: its bytes and its manifest entry (without the split). */
export interface PendingFile {
  readonly bytes: Buffer;
  readonly entry: Omit<CorpusFile, 'split'>;
}

const RATE = 16000;
const NOISE_SECONDS = 10;
type Colour = 'white' | 'pink' | 'brown';

function entry(
  path: string,
  kind: CorpusFile['kind'],
  duration: number,
  truth: readonly Segment[],
  note: string,
  noise = 'none',
) {
  return { path, kind, noise, snrDb: null, duration, truth, note };
}

/** Digital silence, and stationary or modulated noise alone at several levels: nothing to find. */
function speechFree(random: Random): PendingFile[] {
  const n = NOISE_SECONDS * RATE;
  const files: PendingFile[] = [
    {
      bytes: wavFile(new Float32Array(n), RATE),
      entry: entry('edge/silence.wav', 'edge', NOISE_SECONDS, [], 'digital silence'),
    },
  ];
  const levels: [Colour | 'modulated', number][] = [
    ['white', -70],
    ['white', -45],
    ['white', -20],
    ['pink', -60],
    ['pink', -35],
    ['pink', -15],
    ['brown', -50],
    ['brown', -30],
    ['brown', -12],
    ['modulated', -40],
    ['modulated', -20],
  ];
  for (const [colour, db] of levels) {
    const unit =
      colour === 'modulated' ? modulatedNoise(n, RATE, random) : colouredNoise(colour, n, random);
    const samples = unit.map((v) => v * 10 ** (db / 20));
    const path = `edge/noise-${colour}${db}dBFS.wav`;
    files.push({
      bytes: wavFile(samples, RATE),
      entry: entry(path, 'edge', NOISE_SECONDS, [], `${colour} noise alone at ${db} dBFS`, colour),
    });
  }
  return files;
}

/** A short noisy scene at `rate`, with its labels. */
function noisyScene(random: Random, split: Split, rate: number, seconds: number) {
  const scene = cleanScene(random, split, rate, seconds);
  const noisy = mixAtSnr(scene, colouredNoise('pink', scene.speech.length, random), 20);
  return { scene, noisy, duration: scene.speech.length / rate };
}

/** An edge file holding a labelled scene in pink noise at 20 dB. */
function sceneFile(
  name: string,
  bytes: Buffer,
  duration: number,
  truth: readonly Segment[],
  note: string,
): PendingFile {
  return { bytes, entry: entry(`edge/${name}`, 'edge', duration, truth, note, 'pink') };
}

/** Valid files at other rates, in other sample formats, and with unusual chunk layouts. */
function formats(random: Random, split: Split): PendingFile[] {
  return [...otherRates(random, split), ...layouts(random, split)];
}

/** Scenes at 8 and 48 kHz. */
function otherRates(random: Random, split: Split): PendingFile[] {
  return [8000, 48000].map((rate) => {
    const { scene, noisy, duration } = noisyScene(random, split, rate, 12);
    return sceneFile(
      `rate-${rate}.wav`,
      wavFile(noisy, rate),
      duration,
      scene.truth,
      `${rate} Hz, pink noise 20 dB`,
    );
  });
}

/** One 16 kHz scene as stereo, 8-bit unsigned, 32-bit float, and with extra chunks. */
function layouts(random: Random, split: Split): PendingFile[] {
  const files: PendingFile[] = [];
  const { scene, noisy, duration } = noisyScene(random, split, RATE, 12);
  const right = colouredNoise('white', noisy.length, random);
  const stereo = new Float32Array(noisy.length * 2);
  noisy.forEach((v, i) => {
    stereo[2 * i] = v;
    stereo[2 * i + 1] = 0.5 * v + 0.003 * (right[i] as number);
  });
  const truth = scene.truth;
  files.push(
    sceneFile(
      'stereo.wav',
      wavFile(stereo, RATE, 2),
      duration,
      truth,
      'stereo, right channel -6 dB with its own noise',
    ),
  );
  // An odd number of 8-bit samples: the data chunk is odd and followed by a pad byte.
  const u8 = noisy.subarray(0, noisy.length - 1);
  files.push(
    sceneFile(
      'unsigned-8bit-odd.wav',
      wavFile(u8, RATE, 1, 'u8'),
      u8.length / RATE,
      truth,
      '8-bit unsigned, odd data size + pad byte',
    ),
  );
  const float = riff([
    fmtChunk('f32', RATE, 1),
    factChunk(noisy.length),
    listChunk('jobmill corpus'),
    { id: 'data', body: sampleData(noisy, 'f32') },
  ]);
  files.push(
    sceneFile('float-32bit.wav', float, duration, truth, '32-bit float with fact and LIST chunks'),
  );
  const data = { id: 'data', body: sampleData(noisy, 's16') };
  const chunks = riff([
    listChunk('odd sized'),
    fmtChunk('s16', RATE, 1),
    { id: 'junk', body: Buffer.alloc(3) },
    data,
    listChunk('trailer'),
  ]);
  files.push(
    sceneFile(
      'extra-chunks.wav',
      chunks,
      duration,
      truth,
      'LIST before fmt, odd junk chunk, LIST after data',
    ),
  );
  return files;
}

/** A 0.2 s file cut from the loudest part of an utterance. */
function shortFile(random: Random, split: Split): PendingFile {
  const u = utterance(random, split, RATE);
  const n = Math.round(0.2 * RATE);
  let best = 0;
  let bestPower = -1;
  for (let at = 0; at + n <= u.samples.length; at += RATE / 100) {
    let p = 0;
    for (let i = at; i < at + n; i++) p += (u.samples[i] as number) ** 2;
    if (p > bestPower) [best, bestPower] = [at, p];
  }
  const cut = u.samples.slice(best, best + n);
  return {
    bytes: wavFile(cut, RATE),
    entry: entry('edge/short-0.2s.wav', 'edge', 0.2, [{ start: 0, end: 0.2 }], '0.2 s of speech'),
  };
}

/** Files every detector must reject with a clear error. */
function malformed(random: Random): PendingFile[] {
  const speech = colouredNoise('pink', RATE, random).map((v) => 0.1 * v);
  const good = wavFile(speech, RATE);
  const lying = Buffer.from(good);
  lying.writeUInt32LE(good.length * 2, 40);
  const lyingList = riff([
    fmtChunk('s16', RATE, 1),
    { id: 'LIST', body: Buffer.alloc(10), size: 1_000_000 },
    { id: 'data', body: sampleData(speech, 's16') },
  ]);
  const cases: [string, Buffer, string][] = [
    ['truncated-header.wav', good.subarray(0, 30), 'file ends inside the fmt chunk'],
    ['lying-data-size.wav', lying, 'data chunk declares twice the bytes the file holds'],
    ['lying-list-size.wav', lyingList, 'LIST chunk declares 1 MB in a 32 kB file'],
    ['headerless-pcm.wav', sampleData(speech, 's16'), 'raw 16-bit PCM named .wav'],
  ];
  return cases.map(([name, bytes, note]) => ({
    bytes,
    entry: entry(`malformed/${name}`, 'malformed', 0, [], note),
  }));
}

/** Every edge-case and malformed file of one split. */
export function edgeCases(random: Random, split: Split): PendingFile[] {
  return [
    ...speechFree(random),
    ...formats(random, split),
    shortFile(random, split),
    ...malformed(random),
  ];
}
