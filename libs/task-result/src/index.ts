// What a worker-thread task returns. A library of its own, with no dependencies, because every
// task file imports it and a thread should load nothing else: NestJS in a thread costs start-up
// time, and Node 20 aborts the process if a thread is ended while it loads an ES module.
export {
  describeFailure,
  settle,
  TaskFailedError,
  type TaskFailure,
  type TaskResult,
} from './task-result';
