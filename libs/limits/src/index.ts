export * from './limit-refusal';
export * from './queue-limits.config';
export * from './queue-backlog.gauge';
export * from './tenant-limits.config';
export * from './limit-refusal.metrics';
