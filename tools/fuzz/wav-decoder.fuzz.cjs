// jsfuzz target for the WAV decoder (libs/audio), run by tools/fuzz/fuzz-wav-decoder.sh on the
// built dist/. Any input may be refused, but only with MalformedWavError; and the decoder must
// agree with itself whether the file arrives whole or in slices of any size.
'use strict';
const { WavDecoder, isMalformedWavError } = require('../../dist/libs/audio/src/index.js');

/** Decodes `buf` fed `slice` bytes at a time: the frame count, or 'refused'. */
function decode(buf, slice) {
  const decoder = new WavDecoder();
  let frames = 0;
  try {
    for (let at = 0; at < buf.length; at += slice) {
      const block = decoder.push(buf.subarray(at, at + slice));
      if (block) frames += block.frameCount;
    }
    decoder.end();
  } catch (error) {
    if (isMalformedWavError(error)) return 'refused';
    throw error;
  }
  return frames;
}

function fuzz(buf) {
  const whole = decode(buf, Math.max(1, buf.length));
  // A slice size from the input itself, so that the fuzzer explores how files are cut too.
  const sliced = decode(buf, 1 + ((buf[buf.length - 1] ?? 0) % 61));
  if (whole !== sliced)
    throw new Error(`whole and sliced decodes disagree: ${String(whole)} vs ${String(sliced)}`);
}

module.exports = { fuzz };
