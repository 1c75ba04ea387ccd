// The processing worker's thread entry: one pool runs every processing job type, each an export
// (TaskPool's `task` option), so the threads stay one per job in flight whatever the type.
export { default } from './normalize.task';
export { default as clips } from './clips.task';
