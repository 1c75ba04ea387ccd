export { NormalizeJobHandler } from './normalize-job.handler';
export { processingWorker } from './processing-worker';
