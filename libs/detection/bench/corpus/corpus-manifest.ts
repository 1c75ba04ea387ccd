import type { Segment } from './ground-truth';
import type { Split } from './scene-builder';

/**
 * What a corpus file is for: a scored scene, an edge case, a file that must be rejected, a scene
 * of the widened corpus (more synthesizers, non-stationary noise), a widened noise alone, or the
 * 30-minute file.
 */
export type FileKind = 'scene' | 'edge' | 'malformed' | 'wide' | 'noise-only' | 'long';

/** One file of the corpus and its labels. */
export interface CorpusFile {
  /** Relative to the corpus folder. */
  readonly path: string;
  readonly split: Split;
  readonly kind: FileKind;
  /** Noise mixed in ('none' for clean speech and silence). */
  readonly noise: string;
  /** SNR in dB over the speech; null when clean or speech-free. */
  readonly snrDb: number | null;
  /** Seconds of audio (0 for malformed files). */
  readonly duration: number;
  /** Ground-truth speech segments, seconds. */
  readonly truth: readonly Segment[];
  readonly note: string;
}

/** The corpus index written next to the audio. */
export interface CorpusManifest {
  /** Bumped whenever the generator changes what it writes. */
  readonly version: number;
  readonly seed: number;
  readonly files: readonly CorpusFile[];
}

/** Current generator version: a corpus of another version is regenerated. */
export const CORPUS_VERSION = 2;

/** The manifest's file name inside the corpus folder. */
export const MANIFEST_NAME = 'manifest.json';
