// Audio processing for `processing.normalize` and `processing.clips`: pure TypeScript on
// Float32Array blocks, no I/O.
export * from './audio-block';
export * from './errors/invalid-audio-format.error';
export * from './errors/invalid-normalize-options.error';
export * from './errors/stream-finished.error';
export * from './errors/invalid-clips-options.error';
export * from './errors/segment-out-of-range.error';
export * from './resampling/kaiser-window';
export * from './resampling/polyphase-bank';
export * from './resampling/polyphase-resampler';
export * from './loudness/k-weighting.filter';
export * from './loudness/gating.histogram';
export * from './loudness/true-peak.meter';
export * from './loudness/loudness.meter';
export * from './gain/gain';
export * from './normalize/normalize-options';
export * from './normalize/mono-mixer';
export * from './normalize/normalizer';
export * from './normalize/gain-stage';
export * from './normalize/normalize-samples';
export * from './clips/clips-options';
export * from './clips/clip-plan';
export * from './clips/clip-cutter';
export * from './clips/clip-manifest';
