import type { JobCommand, JobEvent, JobEventName, JobType } from '@jobmill/contracts';

/** What the status service hands the projector: a copy of a command, or a job event. */
export type ProjectableMessage =
  | { readonly kind: 'command'; readonly command: JobCommand; readonly jobType: JobType }
  | { readonly kind: 'event'; readonly event: JobEvent; readonly name: JobEventName };
