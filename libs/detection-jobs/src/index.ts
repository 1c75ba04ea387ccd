export { detectionWorker } from './detection-worker';
export { VadJobHandler } from './vad-job.handler';
