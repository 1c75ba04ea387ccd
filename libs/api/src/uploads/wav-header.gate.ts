import { Transform, type TransformCallback } from 'node:stream';
import { isMalformedWavError, WavHeaderParser } from '@jobmill/audio';
import { ProblemError } from '../problems/problem.error';

/** The upload's bytes are not a WAV header the workers can decode. */
export const undecodableWav = (reason: string): ProblemError =>
  new ProblemError(
    422,
    'MALFORMED_WAV',
    'Unprocessable content',
    `The upload is not a WAV file the platform can decode: ${reason}.`,
    [],
    // The rest of the body is not read: the connection cannot be reused.
    { Connection: 'close' },
  );

/**
 * Passes an upload through unchanged while the workers' own header parser reads its RIFF/WAVE
 * header; the stream fails with a 422 as soon as the header is wrong, or at its end if the
 * header never completed, so a bad file is refused at upload and never becomes a FAILED job.
 */
export function wavHeaderGate(): Transform {
  const parser = new WavHeaderParser();
  const check = (step: () => void): ProblemError | undefined => {
    try {
      step();
      return undefined;
    } catch (error) {
      if (isMalformedWavError(error)) return undecodableWav(error.message);
      throw error;
    }
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (parser.format !== undefined) return done(null, chunk);
      done(check(() => parser.feed(chunk)) ?? null, chunk);
    },
    flush(done: TransformCallback) {
      done(check(() => parser.finish()) ?? null);
    },
  });
}
