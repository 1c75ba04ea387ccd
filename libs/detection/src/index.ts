export * from './detection-result';
export * from './vad-options';
export * from './invalid-vad-options.error';
export * from './vad.detector';
export * from './detect-speech';
export type { ProgressListener } from './progress.reporter';
