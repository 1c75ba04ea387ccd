// Creates the embedded database in an empty data directory (argv[2]), in a process of its own:
// PGlite's initdb holds about a gigabyte while it runs, and only a process that exits gives all
// of it back (on a thread, 60-110 MB of it stayed with the app). Run by initialiseEngine;
// exits 0 when PGDATA is in place, else 1 with the reason on stderr.
import { PGlite } from '@electric-sql/pglite';
import { initialiseDataDir } from './data-dir-layout';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: engine-initialise.process <data directory>');
initialiseDataDir(dataDir, async (draft) => (await PGlite.create(draft)).close()).then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
