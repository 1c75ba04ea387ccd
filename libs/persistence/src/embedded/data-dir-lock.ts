import { randomBytes } from 'node:crypto';
import { link, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataDirLockedError } from './data-dir-locked.error';

/** The lock file, in the data directory, holding the owner's pid. */
export const LOCK_FILE = 'embedded.lock';

/** Data directories this process holds: a lock naming our own pid may be from an earlier life. */
const held = new Set<string>();

/** An exclusive hold on a data directory, until released. */
export interface DataDirLock {
  /** The pid of a dead owner whose lock was taken over, if there was one. */
  readonly tookOverFrom?: number;
  release(): Promise<void>;
}

/**
 * Takes the data directory for this process (PGlite itself does not guard it). A lock whose
 * owner is gone is taken over; a live owner's is a DataDirLockedError naming its pid.
 */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const file = join(dataDir, LOCK_FILE);
  if (held.has(dataDir)) throw new DataDirLockedError(dataDir, process.pid, file);
  // Written whole under another name, then hard-linked: a reader never sees a half-written pid,
  // and link() fails if the lock exists, as an exclusive create would.
  const draft = join(dataDir, `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  await writeFile(draft, `${process.pid}\n`);
  try {
    const tookOverFrom = await linkOrTakeOver(draft, file, dataDir);
    held.add(dataDir);
    return {
      ...(tookOverFrom === undefined ? {} : { tookOverFrom }),
      release: async () => {
        held.delete(dataDir);
        await unlink(file).catch(ignoreMissing);
      },
    };
  } finally {
    await unlink(draft).catch(ignoreMissing);
  }
}

async function linkOrTakeOver(
  draft: string,
  file: string,
  dataDir: string,
): Promise<number | undefined> {
  let stale: number | undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await link(draft, file);
      return stale;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = await ownerOf(file);
    if (owner === undefined) continue; // released meanwhile
    // Two takeovers of one stale lock: the loser finds the winner alive on its second try.
    if (isAlive(owner) || attempt > 1) throw new DataDirLockedError(dataDir, owner, file);
    stale = owner;
    await unlink(file).catch(ignoreMissing);
  }
}

/** The pid in the lock file; 0 for unreadable content (taken over like a dead owner). */
async function ownerOf(file: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt(await readFile(file, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  // Our own pid in a lock we do not hold: written by an earlier process that had it (containers).
  if (pid === 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}
