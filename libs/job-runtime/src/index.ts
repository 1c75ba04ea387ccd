// The worker side of a job: handlers declared by decorator and the context and outcome they
// deal in; the JobServer (a Nest transport strategy) that runs them with admission, leases,
// retries, timeouts, progress and cancellation underneath; the built-in system jobs.
export { JobHandler } from './handler/job-handler.decorator';
export * from './handler/job-handler.types';
export * from './server/job-rpc.context';
export * from './server/job.server';
export * from './server/job-servers.bootstrap';
export * from './system/system-jobs.module';
export * from './errors/job-cancelled.error';
export * from './errors/job-timeout.error';
export * from './errors/duplicate-job-handler.error';
export * from './errors/no-job-handlers.error';
// Admission and cancellation control: also the api's entry point, @jobmill/job-runtime/client.
export * from './client';
export * from './timeouts/job-timeouts.policy';
export * from './leases/job-run-registry.port';
export * from './runner/job-runner.types';
export type { TypeConcurrency } from './runner/job-type-slots.semaphore';
export { DEFAULT_STARTED_HOLD_MS } from './progress/started-event.hold';
export * from './observing/runtime-observer.port';
export { JobCommandRunner } from './runner/job-command.runner';
export * from './runner/job-command-runner.factory';
export { refusalFailedEvent } from './admission/poison-event.factory';
export { rejectedEventFor } from './admission/rejection-reply.factory';
export { ReplyRouter, replyRouteOf, STATUS_SOURCE, type ReplyRoute } from './replies/reply.router';
