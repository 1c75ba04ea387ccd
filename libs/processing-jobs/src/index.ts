export { ClipsJobHandler } from './clips-job.handler';
export { NormalizeJobHandler } from './normalize-job.handler';
export { ProcessingJobsModule } from './processing-jobs.module';
export { processingWorker } from './processing-worker';
