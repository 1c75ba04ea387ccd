import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SCRATCH_PREFIX, ScratchDirsSweeper } from './scratch-dirs.sweeper';

describe('ScratchDirsSweeper', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'jm-scratch-test-'));
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  const folder = async (name: string, ageMs: number) => {
    const full = path.join(dir, name);
    await mkdir(full);
    await writeFile(path.join(full, 'mono.f32'), 'samples');
    const then = new Date(Date.now() - ageMs);
    await utimes(full, then, then);
  };

  it('removes scratch folders older than the longest job, and nothing else', async () => {
    await folder(`${SCRATCH_PREFIX}crashed`, 2 * 3_600_000);
    await folder(`${SCRATCH_PREFIX}running`, 60_000);
    await folder('someone-elses', 2 * 3_600_000);
    expect(await new ScratchDirsSweeper(3_600_000, dir).sweep()).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([`${SCRATCH_PREFIX}running`, 'someone-elses']);
  });
});
