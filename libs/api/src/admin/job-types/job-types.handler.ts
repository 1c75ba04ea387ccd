import { Injectable } from '@nestjs/common';
import { isJobType, JOB_TYPES } from '@jobmill/contracts';
import { JobTypePauseStore, type JobTypePause } from '@jobmill/persistence';
import { notFound } from '../../problems/problem.error';

/**
 * Pauses and resumes job types. The state is a row in PostgreSQL: every worker instance reads it
 * with its heartbeat (within WORKER_HEARTBEAT_MS) and cancels or restarts the consumers of that
 * type's queue, every lane; new instances start paused. Submissions are still accepted and wait.
 */
@Injectable()
export class JobTypesHandler {
  constructor(private readonly pauses: JobTypePauseStore) {}

  /** Every job type and whether it is paused. */
  list(): Promise<JobTypePause[]> {
    return this.pauses.list(JOB_TYPES);
  }

  /** Pauses a job type; 404 for a type the platform does not know. */
  pause(type: string): Promise<JobTypePause> {
    return this.pauses.pause(knownType(type));
  }

  /** Resumes a job type; 404 for a type the platform does not know. */
  resume(type: string): Promise<JobTypePause> {
    return this.pauses.resume(knownType(type));
  }
}

function knownType(type: string): string {
  if (!isJobType(type)) throw notFound('Job type', type);
  return type;
}
