import { readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';

/** The prefix of a normalisation's scratch folder in the OS temp folder. */
export const SCRATCH_PREFIX = 'jobmill-normalize-';

/** How often a running worker looks again. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * Removes the scratch folders a killed or crashed processing worker left behind (a living one
 * removes its own, cancelled jobs included), at start and every 10 minutes. A folder is taken
 * only once it is older than the longest a job may run (its hard timeout): no job of any worker
 * sharing the temp folder can still be using it.
 */
export class ScratchDirsSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ScratchDirsSweeper');
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Older than this (ms since the folder was made), a scratch folder is abandoned. */
    private readonly maxAgeMs: number,
    private readonly dir: string = tmpdir(),
  ) {}

  onApplicationBootstrap(): void {
    void this.sweepQuietly();
    this.timer = setInterval(() => void this.sweepQuietly(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Removes the abandoned scratch folders; returns how many. */
  async sweep(): Promise<number> {
    const names = (await readdir(this.dir)).filter((name) => name.startsWith(SCRATCH_PREFIX));
    let removed = 0;
    for (const name of names) {
      const folder = path.join(this.dir, name);
      const info = await stat(folder).catch(() => null);
      if (!info || Date.now() - info.mtimeMs <= this.maxAgeMs) continue;
      await rm(folder, { recursive: true, force: true });
      removed += 1;
    }
    return removed;
  }

  private async sweepQuietly(): Promise<void> {
    const removed = await this.sweep().catch((error: Error) => {
      this.logger.warn(`Could not clear abandoned scratch folders: ${error.message}`);
      return 0;
    });
    if (removed > 0) this.logger.log(`Removed ${removed} abandoned scratch folder(s).`);
  }
}
