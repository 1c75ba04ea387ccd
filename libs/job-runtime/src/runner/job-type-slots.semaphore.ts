import type { JobType } from '@jobmill/contracts';
import { JobSlots } from './job-slots.semaphore';

/** Per-type limits of jobs at once within one runner, on top of its shared slots. */
export type TypeConcurrency = Readonly<Partial<Record<JobType, number>>>;

/**
 * The slots a job takes before it runs: one of its type's, if the type has a limit, then one of
 * the runner's. A job that waits for its type holds no shared slot meanwhile, so a limited type
 * with a backlog never keeps the other types from the runner. Both kinds hand a freed slot to the
 * highest priority waiting.
 */
export class JobTypeSlots {
  private readonly byType = new Map<string, JobSlots>();

  constructor(
    private readonly shared: JobSlots,
    limits: TypeConcurrency = {},
  ) {
    for (const [type, size] of Object.entries(limits))
      if (size !== undefined) this.byType.set(type, new JobSlots(size));
  }

  /**
   * Takes the job's slots, waiting if `wait` (otherwise past the size: see JobSlots.take);
   * returns the function that gives them back: the first call does, later ones do nothing.
   * Returns undefined, holding nothing, once the slots are closed.
   */
  async enter(type: string, rank: number, wait: boolean): Promise<(() => void) | undefined> {
    const own = this.byType.get(type);
    if (own && !(await take(own, rank, wait))) return undefined;
    if (!(await take(this.shared, rank, wait))) {
      own?.release();
      return undefined;
    }
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      this.shared.release();
      own?.release();
    };
  }

  /** Sends the waiting jobs away and refuses later ones (JobSlots.close), for a stopping runner. */
  close(): void {
    this.shared.close();
    for (const slots of this.byType.values()) slots.close();
  }
}

async function take(slots: JobSlots, rank: number, wait: boolean): Promise<boolean> {
  if (wait) return slots.acquire(rank);
  slots.take();
  return true;
}
