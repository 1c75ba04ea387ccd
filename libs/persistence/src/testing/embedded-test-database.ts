import { access, cp, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { PGDATA } from '../embedded/data-dir-layout';
import { openEmbeddedPostgres } from '../embedded/embedded-postgres';
import type { TestDatabase } from './test-database';

/**
 * A fresh embedded engine in a temporary folder (short, so its Unix socket path fits). Its
 * PGDATA is a copy of one initialised once per PGlite version: initdb costs seconds each time.
 */
export async function createEmbeddedTestDatabase(): Promise<TestDatabase> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jm-test-'));
  try {
    await cp(await templatePgdata(), join(dataDir, PGDATA), { recursive: true });
    const engine = await openEmbeddedPostgres({ dataDir });
    const options = engine.databaseOptions();
    return {
      url: options.url,
      name: basename(dataDir),
      engine: 'embedded',
      options,
      drop: async () => {
        await engine.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** The template's PGDATA, made by the first test process that needs it (others may race: fine). */
async function templatePgdata(): Promise<string> {
  const template = join(tmpdir(), `jobmill-pglite-${await pgliteVersion()}`);
  const pgdata = join(template, PGDATA);
  if (await exists(join(pgdata, 'PG_VERSION'))) return pgdata;
  const draft = await mkdtemp(`${template}.draft-`);
  try {
    await (await openEmbeddedPostgres({ dataDir: draft })).close();
    // Fails when another process got there first: its template is as good as ours.
    await rename(draft, template).catch(() => undefined);
  } finally {
    await rm(draft, { recursive: true, force: true });
  }
  return pgdata;
}

async function pgliteVersion(): Promise<string> {
  // The package exports no package.json; its main module sits in dist/.
  const manifest = join(dirname(require.resolve('@electric-sql/pglite')), '..', 'package.json');
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
