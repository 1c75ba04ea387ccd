export { DetectionJobsModule } from './detection-jobs.module';
export { detectionWorker } from './detection-worker';
export { VadJobHandler } from './vad-job.handler';
