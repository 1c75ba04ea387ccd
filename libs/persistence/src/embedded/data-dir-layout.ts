import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LOCK_FILE } from './data-dir-lock';
import { IncompatibleDataDirError } from './incompatible-data-dir.error';
import { InvalidDataDirError } from './invalid-data-dir.error';

/** The PostgreSQL major version that the bundled PGlite runs (a test checks it against PGlite). */
export const POSTGRES_MAJOR = '18';

/** PGlite's PGDATA, inside the data directory, beside the lock and the socket. */
export const PGDATA = 'pgdata';
/** Where a new PGDATA is initialised before it is renamed into place, so a crash leaves no half. */
const PGDATA_DRAFT = `${PGDATA}.init`;
/** The socket's name, as libpq and pg expect it inside a socket directory (port 5432). */
export const SOCKET_FILE = '.s.PGSQL.5432';

const OWN_ENTRIES = new Set([PGDATA, PGDATA_DRAFT, SOCKET_FILE, LOCK_FILE]);

/**
 * Checks what the (locked) data directory holds: 'empty' when the engine must initialise it,
 * 'initialised' when it holds PGDATA of our PostgreSQL version. Anything else is an error, so
 * that a mistyped path never gets a database written over its files.
 */
export async function inspectDataDir(dataDir: string): Promise<'empty' | 'initialised'> {
  const entries = await readdir(dataDir);
  if (!entries.includes(PGDATA)) {
    const foreign = entries.filter((e) => !OWN_ENTRIES.has(e) && !e.startsWith(`${LOCK_FILE}.`));
    if (foreign.length === 0) return 'empty';
    const hint = entries.includes('PG_VERSION') ? ' (a PostgreSQL server data directory?)' : '';
    throw new InvalidDataDirError(
      dataDir,
      `it is not empty and holds no ${PGDATA}/ folder${hint}; found ${list(foreign)}`,
    );
  }
  const major = await readMajor(join(dataDir, PGDATA));
  if (major === undefined) {
    throw new InvalidDataDirError(dataDir, `${PGDATA}/ holds no PostgreSQL data (no PG_VERSION)`);
  }
  if (major !== POSTGRES_MAJOR) throw new IncompatibleDataDirError(dataDir, major, POSTGRES_MAJOR);
  return 'initialised';
}

/**
 * Runs `initialise` on a draft PGDATA (removing a draft a crash left), then renames it into
 * place; `initialise` must close the engine it opens on the draft before it returns.
 */
export async function initialiseDataDir(
  dataDir: string,
  initialise: (pgdata: string) => Promise<void>,
): Promise<void> {
  const draft = join(dataDir, PGDATA_DRAFT);
  await rm(draft, { recursive: true, force: true });
  await mkdir(draft);
  await initialise(draft);
  await rename(draft, join(dataDir, PGDATA));
}

async function readMajor(pgdata: string): Promise<string | undefined> {
  try {
    return (await readFile(join(pgdata, 'PG_VERSION'), 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function list(entries: readonly string[]): string {
  const shown = entries.slice(0, 5).join(', ');
  return entries.length > 5 ? `${shown} and ${entries.length - 5} more` : shown;
}
