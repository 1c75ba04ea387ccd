import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGDATA } from './data-dir-layout';
import { initialiseEngine } from './engine-initialiser';
import { EngineThreadError } from './engine-thread';

describe('initialiseEngine', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'jm-init-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('creates PGDATA in an empty folder, in a process of its own', async () => {
    // The folder exists first, as openEmbeddedPostgres makes it.
    const dataDir = join(root, 'fresh');
    await mkdir(dataDir);
    await initialiseEngine(dataDir);
    expect(await readdir(dataDir)).toEqual([PGDATA]);
  }, 60_000);

  it("reports why it could not, at the 'initialise' stage", async () => {
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const failure = await initialiseEngine(join(file, 'data')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(EngineThreadError);
    expect((failure as EngineThreadError).stage).toBe('initialise');
    expect((failure as EngineThreadError).message).toMatch(/ENOTDIR/);
  }, 60_000);
});
