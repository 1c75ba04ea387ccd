// A process of its own for the embedded engine's tests (locks are per process, and a restart is
// a new process). Run: node -r @swc-node/register embedded-child.ts <command> <dataDir>
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { openDatabase } from '../data-source/open-database';
import { lockDataDir } from '../embedded/data-dir-lock';
import { openEmbeddedPostgres } from '../embedded/embedded-postgres';
import { UploadStore } from '../uploads/upload.store';

const commands: Record<string, (dataDir: string) => Promise<void>> = {
  /** Prints the sizes of the uploads recorded in the data directory, then closes it. */
  async read(dataDir) {
    const engine = await openEmbeddedPostgres({ dataDir });
    const ds = await openDatabase(engine.databaseOptions('embedded-child'));
    const rows: Array<{ size: string }> = await ds.query('SELECT size FROM uploads ORDER BY size');
    console.log(JSON.stringify(rows.map((r) => Number(r.size))));
    await ds.destroy();
    await engine.close();
  },
  /** Records an upload of 7 bytes, says "recorded", and waits to be killed. */
  async 'record-and-wait'(dataDir) {
    const engine = await openEmbeddedPostgres({ dataDir });
    const ds = await openDatabase(engine.databaseOptions('embedded-child'));
    await new UploadStore(ds).insert({
      id: randomUUID(),
      tenant: 'acme',
      size: 7,
      sha256: 'cd'.repeat(32),
      contentType: 'audio/wav',
    });
    console.log('recorded');
    setInterval(() => undefined, 60_000);
  },
  /** Takes the data directory's lock, says "locked", and holds it until stdin closes. */
  async 'hold-lock'(dataDir) {
    const lock = await lockDataDir(dataDir);
    console.log('locked');
    process.stdin.resume();
    await once(process.stdin, 'end');
    await lock.release();
  },
};

const [command = '', dataDir = ''] = process.argv.slice(2);
const run = commands[command];
if (!run || !dataDir) {
  console.error(`usage: embedded-child.ts ${Object.keys(commands).join('|')} <dataDir>`);
  process.exit(2);
}
run(dataDir).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
