import { hostname } from 'node:os';
import type { DynamicModule, Type } from '@nestjs/common';
import type { QueueKind } from '@jobmill/transport';

/** What distinguishes one worker service from another. */
export interface WorkerDefinition {
  /** Service name, e.g. `detection-worker`. */
  readonly service: string;
  /** The queue it consumes (and declares); its job types are the ones that queue is bound to. */
  readonly role: Exclude<QueueKind, 'status'>;
  /** The modules whose @JobHandler classes it runs; each provides what its handlers inject. */
  readonly jobs: ReadonlyArray<Type<unknown> | DynamicModule>;
}

/** This process's identity as a worker: its broker connection name and lease holder. */
export function workerIdOf(definition: WorkerDefinition): string {
  return `${definition.service}@${hostname()}:${process.pid}`;
}
