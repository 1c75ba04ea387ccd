// The worker side of a job: handlers and their context and outcome, the runner that admits
// commands, leases them, runs them under timeouts and cancellation, retries and dead-letters.
export * from './handler/job-handler.types';
export * from './errors/job-cancelled.error';
export * from './errors/job-timeout.error';
export * from './admission/command-admission.policy';
export * from './admission/tenant.authorizer';
export * from './timeouts/job-timeouts.policy';
export * from './leases/job-run-registry.port';
export type { CancelRequest } from './cancellation/cancel-request.message';
export * from './cancellation/control.publisher';
export * from './cancellation/control.subscriber';
export * from './runner/job-runner.types';
export { JobCommandRunner } from './runner/job-command.runner';
export * from './runner/job-command-runner.factory';
