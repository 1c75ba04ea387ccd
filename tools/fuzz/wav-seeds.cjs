// Writes a small seed corpus of valid WAV files (every encoding the decoder reads, with LIST
// and fact chunks) into the folder given, for tools/fuzz/fuzz-wav-decoder.sh.
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { buildWav } = require('../../dist/libs/audio/src/testing/wav-bytes.builder.js');

const dir = process.argv[2];
if (!dir) throw new Error('usage: node wav-seeds.cjs <corpus-dir>');
mkdirSync(dir, { recursive: true });
const values = [0, 0.5, -0.5, 0.25, -1, 0.99, 0.1, -0.1];
const seeds = [
  [{ encoding: 'pcm', bits: 8, channels: 1, sampleRate: 8000 }, {}],
  [{ encoding: 'pcm', bits: 16, channels: 2, sampleRate: 16000 }, { list: true }],
  [{ encoding: 'pcm', bits: 24, channels: 1, sampleRate: 48000 }, { trailing: true }],
  [{ encoding: 'pcm', bits: 32, channels: 2, sampleRate: 44100, extensible: true }, {}],
  [
    { encoding: 'float', bits: 32, channels: 1, sampleRate: 16000 },
    { fact: true, list: true },
  ],
  [{ encoding: 'float', bits: 64, channels: 1, sampleRate: 22050 }, {}],
];
seeds.forEach(([fmt, opts], i) => {
  writeFileSync(path.join(dir, `seed-${i}.wav`), buildWav(values, fmt, opts));
});
console.log(`${seeds.length} seed files in ${dir}`);
