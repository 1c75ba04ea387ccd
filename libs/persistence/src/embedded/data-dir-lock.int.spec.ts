import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedChild } from '../testing/embedded-child.fixture';
import { DataDirLockedError } from './data-dir-locked.error';
import { LOCK_FILE, lockDataDir } from './data-dir-lock';

/** The pid of a process that has exited. */
const deadPid = (): number => {
  const { pid } = spawnSync(process.execPath, ['-e', '']);
  if (pid === undefined) throw new Error('no child');
  return pid;
};

describe('lockDataDir', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jm-lock-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('writes our pid, refuses a second hold in this process, and frees the dir on release', async () => {
    const lock = await lockDataDir(dataDir);
    expect(await readFile(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    const error = await lockDataDir(dataDir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect(error).toMatchObject({ code: 'EMBEDDED_DATA_DIR_LOCKED', dataDir, pid: process.pid });
    await lock.release();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    await (await lockDataDir(dataDir)).release();
  });

  it('refuses a directory another live process holds, naming the dir and its pid', async () => {
    const holder = startEmbeddedChild('hold-lock', dataDir);
    try {
      expect(await holder.nextLine()).toBe('locked');
      const error = await lockDataDir(dataDir).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'EMBEDDED_DATA_DIR_LOCKED', pid: holder.process.pid });
      expect((error as Error).message).toContain(dataDir);
      expect((error as Error).message).toContain(`process ${holder.process.pid}`);
    } finally {
      holder.process.stdin?.end();
      expect(await holder.exited()).toBe(0);
    }
    await (await lockDataDir(dataDir)).release();
  }, 60_000);

  it('takes over the lock of a process that is gone', async () => {
    const gone = deadPid();
    await writeFile(join(dataDir, LOCK_FILE), `${gone}\n`);
    const lock = await lockDataDir(dataDir);
    expect(lock.tookOverFrom).toBe(gone);
    expect(await readFile(join(dataDir, LOCK_FILE), 'utf8')).toBe(`${process.pid}\n`);
    await lock.release();
  });

  it('takes over a lock naming our own pid that this process does not hold (a restarted container)', async () => {
    await writeFile(join(dataDir, LOCK_FILE), `${process.pid}\n`);
    const lock = await lockDataDir(dataDir);
    expect(lock.tookOverFrom).toBe(process.pid);
    await lock.release();
  });

  it('takes over an unreadable lock', async () => {
    await writeFile(join(dataDir, LOCK_FILE), 'garbage');
    const lock = await lockDataDir(dataDir);
    expect(lock.tookOverFrom).toBe(0);
    await lock.release();
  });
});
