export * from './malformed-wav.error';
export * from './wav-format';
export * from './wav-decoder';
export * from './wav-mean.decoder';
export * from './wav-encoder';
export * from './audio-channels';
export { WavHeaderParser } from './wav-header.parser';
export * from './waveform.peaks';
