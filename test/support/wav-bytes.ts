/**
 * A 16-bit mono 16 kHz WAV of `frames` silent frames. `declaredFrames` larger than `frames`
 * gives a file whose header is valid but whose data chunk ends early: it passes the upload's
 * header check and fails in the worker's decoder (MALFORMED_WAV).
 */
export function silentWav(frames = 1600, declaredFrames = frames): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + declaredFrames * 2, 4);
  header.write('WAVEfmt ', 8, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(declaredFrames * 2, 40);
  return Buffer.concat([header, Buffer.alloc(frames * 2)]);
}
