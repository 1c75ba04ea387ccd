import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from './data-dir-lock';
import { PGDATA, POSTGRES_MAJOR } from './data-dir-layout';
import { openEmbeddedPostgres } from './embedded-postgres';
import { IncompatibleDataDirError } from './incompatible-data-dir.error';
import { InvalidDataDirError } from './invalid-data-dir.error';

describe('openEmbeddedPostgres on a data directory it cannot use', () => {
  let dataDir: string;
  const refusal = async (): Promise<Error> => {
    const opened = await openEmbeddedPostgres({ dataDir }).catch((e: unknown) => e as Error);
    if ('close' in opened) {
      await opened.close();
      throw new Error(`${dataDir} was opened`);
    }
    return opened;
  };

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'jm-layout-'));
  });

  afterEach(async () => {
    // Whatever went wrong, the lock is released.
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses a folder holding other files, and writes nothing into it', async () => {
    await writeFile(join(dataDir, 'notes.txt'), 'mine');
    await mkdir(join(dataDir, 'photos'));
    const error = await refusal();
    expect(error).toBeInstanceOf(InvalidDataDirError);
    expect(error).toMatchObject({ code: 'INVALID_EMBEDDED_DATA_DIR', dataDir });
    expect(error.message).toContain(dataDir);
    expect(error.message).toMatch(/notes\.txt, photos|photos, notes\.txt/);
    expect((await readdir(dataDir)).sort()).toEqual(['notes.txt', 'photos']);
  });

  it("says so when it is a PostgreSQL server's data directory", async () => {
    await writeFile(join(dataDir, 'PG_VERSION'), '16\n');
    await mkdir(join(dataDir, 'base'));
    const error = await refusal();
    expect(error).toBeInstanceOf(InvalidDataDirError);
    expect(error.message).toContain('PostgreSQL server data directory');
  });

  it('refuses data of another PostgreSQL major version, naming both', async () => {
    await mkdir(join(dataDir, PGDATA));
    await writeFile(join(dataDir, PGDATA, 'PG_VERSION'), '17\n');
    const error = await refusal();
    expect(error).toBeInstanceOf(IncompatibleDataDirError);
    expect(error).toMatchObject({
      code: 'INCOMPATIBLE_EMBEDDED_DATA_DIR',
      found: '17',
      expected: POSTGRES_MAJOR,
    });
    expect(error.message).toContain(`PostgreSQL 17`);
  });

  it('refuses a pgdata folder that holds no PostgreSQL data', async () => {
    await mkdir(join(dataDir, PGDATA));
    await writeFile(join(dataDir, PGDATA, 'readme'), 'x');
    expect(await refusal()).toMatchObject({ code: 'INVALID_EMBEDDED_DATA_DIR' });
  });

  it('refuses damaged data with the reason PGlite gives', async () => {
    await mkdir(join(dataDir, PGDATA, 'base'), { recursive: true });
    await writeFile(join(dataDir, PGDATA, 'PG_VERSION'), `${POSTGRES_MAJOR}\n`);
    const error = await refusal();
    expect(error).toBeInstanceOf(InvalidDataDirError);
    expect(error.message).toContain('PGlite cannot open pgdata/');
  }, 60_000);
});
