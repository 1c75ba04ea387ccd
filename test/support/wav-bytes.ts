import { encodeWav16 } from '@jobmill/audio';

/**
 * A 16-bit mono 16 kHz WAV of `frames` silent frames. `declaredFrames` larger than `frames`
 * gives a file whose header is valid but whose data chunk ends early: it passes the upload's
 * header check and fails in the worker's decoder (MALFORMED_WAV).
 */
export function silentWav(frames = 1600, declaredFrames = frames): Buffer {
  const bytes = encodeWav16(new Float32Array(frames), 16_000);
  // The RIFF and data chunk sizes, as a file cut short would still declare them.
  bytes.writeUInt32LE(36 + declaredFrames * 2, 4);
  bytes.writeUInt32LE(declaredFrames * 2, 40);
  return bytes;
}
