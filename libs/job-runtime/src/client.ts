// The part of the runtime a process needs that admits commands and cancels jobs but runs none
// (the api): a second entry point, so that it does not load the job server and, with it,
// @nestjs/microservices.
export * from './admission/command-admission.policy';
export * from './admission/tenant.authorizer';
export * from './admission/acting-user.mapper';
export * from './cancellation/control.publisher';
