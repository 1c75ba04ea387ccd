import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runInNewContext } from 'node:vm';
import { asciiOnly, SPAWNED_ENTRIES } from './app-bundles.cjs';

// A module that starts a file beside itself finds it through __dirname, which in an app's
// bundle is the app's folder: unlisted, the bundle would start a file that is not there.

const ROOT = path.resolve(__dirname, '..');

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      // Test support and benchmarks are not in any app's bundle.
      if (entry.name !== 'testing' && entry.name !== 'bench') yield* sources(full);
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) yield full;
  }
}

const modulesUsingDirname = ['apps', 'libs'].flatMap((top) =>
  [...sources(path.join(ROOT, top))]
    .filter((file) => readFileSync(file, 'utf8').includes('__dirname'))
    .map((file) => path.relative(ROOT, file).replace(/\.ts$/, '')),
);

describe('app bundles', () => {
  it('list every module that starts a file beside itself', () => {
    expect(modulesUsingDirname.length).toBeGreaterThan(0);
    const listed = SPAWNED_ENTRIES.map((e) => e.startedBy);
    expect(modulesUsingDirname.filter((m) => !listed.includes(m))).toEqual([]);
  });

  it('name starters and entries that exist', () => {
    for (const { startedBy, entry } of SPAWNED_ENTRIES) {
      expect(existsSync(path.join(ROOT, `${startedBy}.ts`))).toBe(true);
      expect(existsSync(path.join(ROOT, `${entry}.ts`))).toBe(true);
      // The starter names the entry by its file name, which the bundle keeps.
      expect(readFileSync(path.join(ROOT, `${startedBy}.ts`), 'utf8')).toContain(
        path.basename(entry),
      );
    }
  });

  it('write bundles in ASCII that mean what they meant', () => {
    const code = "const s = 'caf\u00e9 \u2265 0'; const r = /[\u0080-\u009f]/; // n \u2014 1\n";
    const escaped = asciiOnly(code);
    expect(escaped).toMatch(/^[\0-\x7f]*$/);
    expect(escaped).toContain('\\u2265');
    const run = (c: string): unknown => runInNewContext(`${c}; [s, r.test('\\u009b')]`);
    expect(run(escaped)).toEqual(run(code));
    expect(run(escaped)).toEqual(['caf\u00e9 \u2265 0', true]);
  });
});
