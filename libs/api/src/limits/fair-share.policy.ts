import { Inject, Injectable, Logger } from '@nestjs/common';
import { hasBacklogLane, parseCommandType, priorityOf, type JobCommand } from '@jobmill/contracts';
import { FairShareStore } from '@jobmill/persistence';
import { API_CONFIG, type ApiConfig } from '../api.config';

/** How old a tenant's count may be: one statement per tenant and type at most this often. */
const READING_MAX_AGE_MS = 250;
/** What an `auto` share counts up to before it knows the type's slots. */
const FIRST_AUTO_BOUND = 1_000;
/** Readings kept at most: past this, the stale ones go (tenants come and go). */
const MAX_HOLDINGS = 10_000;

/** A submission's commands: those within their tenant's fair share, and those past it. */
export interface FairSplit {
  readonly fair: JobCommand[];
  readonly backlog: JobCommand[];
}

interface Holding {
  /** The tenant's jobs of the type in the broker or running, with those sent since the read. */
  unfinished: number;
  readonly slots: number;
}

/**
 * Fair sharing between tenants (README, "Fair sharing between tenants"): once a tenant has
 * FAIR_SHARE jobs of a type waiting in the broker or running (by default as many as the live
 * workers have slots for it), its next normal and low jobs go to their priority's backlog lane,
 * which the workers take only when the priority's own lane has nothing for a slot. So another
 * tenant's job waits behind at most that many of them, across every worker instance, while the
 * busy tenant still gets every slot nobody else wants. Counted in PostgreSQL, read at most every
 * 250 ms per tenant and type in each API process; a failed read sends everything the usual way.
 */
@Injectable()
export class FairSharePolicy {
  private readonly logger = new Logger('FairSharePolicy');
  private readonly holdings = new Map<string, { at: number; holding: Promise<Holding> }>();

  constructor(
    private readonly store: FairShareStore,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Splits commands whose jobs were just recorded (QUEUED) between their lanes and backlog lanes. */
  async split(commands: readonly JobCommand[]): Promise<FairSplit> {
    const split: FairSplit = { fair: [], backlog: [] };
    if (this.config.fairShare === 0) return { fair: [...commands], backlog: [] };
    const groups = new Map<string, JobCommand[]>();
    for (const command of commands) {
      if (!hasBacklogLane(priorityOf(command.data))) split.fair.push(command);
      else {
        const key = `${command.tenant}\u0000${parseCommandType(command.type)?.jobType ?? ''}`;
        const group = groups.get(key);
        if (group) group.push(command);
        else groups.set(key, [command]);
      }
    }
    for (const [key, group] of groups) {
      const past = await this.pastShare(key, group.length);
      split.fair.push(...group.slice(0, group.length - past));
      split.backlog.push(...group.slice(group.length - past));
    }
    return split;
  }

  /** How many of `jobs` more jobs of a tenant and type are past its share (the last ones). */
  private async pastShare(key: string, jobs: number): Promise<number> {
    const fixed = this.config.fairShare === 'auto' ? undefined : this.config.fairShare;
    const { holding, fresh } = await this.holdingOf(key, jobs, fixed);
    try {
      const held = await holding;
      const share = fixed ?? Math.max(1, held.slots);
      const past = Math.min(jobs, Math.max(0, held.unfinished + jobs - share));
      held.unfinished += jobs;
      return past;
    } catch (error) {
      if (fresh) this.holdings.delete(key);
      this.logger.warn(
        `Cannot read the fair share of ${key.replace('\u0000', '/')}: ${String(error)}`,
      );
      return 0;
    }
  }

  /** The tenant's holding of the type: the last reading if recent enough, else a new one. */
  private async holdingOf(
    key: string,
    jobs: number,
    fixed: number | undefined,
  ): Promise<{ holding: Promise<Holding>; fresh: boolean }> {
    const now = Date.now();
    const entry = this.holdings.get(key);
    if (entry && now - entry.at < READING_MAX_AGE_MS)
      return { holding: entry.holding, fresh: false };
    const known = entry ? await entry.holding.catch(() => undefined) : undefined;
    const bound = (fixed ?? known?.slots ?? FIRST_AUTO_BOUND) + jobs;
    const [tenant = '', type = ''] = key.split('\u0000');
    // The read counts these jobs already: they were recorded before they are sent.
    const holding = this.store
      .read(tenant, type, bound)
      .then((r) => ({ unfinished: Math.max(0, r.unfinished - jobs), slots: r.slots }));
    if (this.holdings.size >= MAX_HOLDINGS) this.forgetStale(now);
    this.holdings.set(key, { at: now, holding });
    return { holding, fresh: true };
  }

  private forgetStale(now: number): void {
    for (const [key, { at }] of this.holdings)
      if (now - at >= READING_MAX_AGE_MS) this.holdings.delete(key);
  }
}
