import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type Provider,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { JobServer } from '@jobmill/job-runtime';
import { WorkerInstanceStore } from '@jobmill/persistence';
import { PeriodicRound } from '@jobmill/platform';

/** Injection token of the identity a process's worker heartbeat reports. */
export const WORKER_INSTANCE = Symbol('WORKER_INSTANCE');

/** Who beats: the instance's name, its service, and how often. */
export interface WorkerInstanceIdentity {
  readonly instance: string;
  readonly service: string;
  readonly heartbeatMs: number;
}

/**
 * A worker process's heartbeat: every `heartbeatMs` one statement upserts its row in
 * worker_instances (job types, slots, jobs in flight) and reads the paused job types, which
 * every JobServer of the process obeys (pausing or resuming its queue's consumers). The first
 * beat runs before the servers listen, so an instance started while a type is paused starts
 * paused. A failed beat is logged once and changes nothing.
 */
@Injectable()
export class WorkerInstanceHeartbeat implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WorkerHeartbeat');
  private readonly startedAt = new Date();
  private readonly rounds: PeriodicRound<void>;
  private failing = false;

  constructor(
    @Inject(WORKER_INSTANCE) private readonly identity: WorkerInstanceIdentity,
    private readonly store: WorkerInstanceStore,
    private readonly modules: ModuleRef,
  ) {
    this.rounds = new PeriodicRound({
      run: () => this.beat(),
      intervalMs: identity.heartbeatMs,
      failure: 'Heartbeat failed',
      logger: this.logger,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.beat();
    this.rounds.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.rounds.stop();
    // Best effort, bounded: a database that is gone must not hold up the shutdown.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.store.remove(this.identity.instance).catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, 2_000))),
    ]);
    clearTimeout(timer);
  }

  /** Records one heartbeat and applies the paused job types it reads. */
  async beat(): Promise<void> {
    const servers = this.servers();
    const usage = servers.map((s) => s.usage());
    try {
      const paused = await this.store.beat({
        ...this.identity,
        jobTypes: servers.flatMap((s) => s.jobTypes()),
        slots: usage.reduce((n, u) => n + u.slots, 0),
        inFlight: usage.reduce((n, u) => n + u.inFlight, 0),
        startedAt: this.startedAt,
      });
      await Promise.all(servers.map((s) => s.holdFor(paused)));
      if (this.failing) this.logger.log('Heartbeats recorded again.');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`Heartbeat not recorded: ${String(error)}`);
      this.failing = true;
    }
  }

  private servers(): JobServer[] {
    return this.modules.get(JobServer, { strict: false, each: true });
  }
}

/** The heartbeat of a process whose workers run as `service`, named and timed by its config. */
export function workerHeartbeatProviders(
  service: string,
  config: { readonly instanceId: string; readonly heartbeatMs: number },
): Provider[] {
  const identity: WorkerInstanceIdentity = {
    instance: config.instanceId,
    service,
    heartbeatMs: config.heartbeatMs,
  };
  return [{ provide: WORKER_INSTANCE, useValue: identity }, WorkerInstanceHeartbeat];
}
