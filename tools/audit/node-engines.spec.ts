import { readFileSync } from 'node:fs';
import path from 'node:path';
import { minVersion, satisfies, validRange } from 'semver';

// Every installed package must support the oldest Node.js that package.json's `engines` admits.
// npm only warns (EBADENGINE) when one does not, and such a package may fail at run time (a
// native addon built for a newer ABI, a global that Node 20 lacks); this check makes it a red CI.

interface LockedPackage {
  engines?: { node?: unknown } | string[];
}

const ROOT = path.resolve(__dirname, '../..');

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
}

const LOCKED = readJson<{ packages: Record<string, LockedPackage> }>('package-lock.json').packages;

/** Each locked package whose `engines.node` does not admit `version`, with its range. */
function packagesRefusing(version: string): string[] {
  const refusing: string[] = [];
  for (const [where, locked] of Object.entries(LOCKED)) {
    const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
    if (typeof range !== 'string' || validRange(range) === null) continue;
    if (!satisfies(version, range)) refusing.push(`${where} wants node ${range}`);
  }
  return refusing;
}

describe('Node.js engines of the installed packages', () => {
  const declared = readJson<{ engines: { node: string } }>('package.json').engines.node;

  it('admit the oldest Node.js that package.json declares', () => {
    const oldest = minVersion(declared)?.version;
    expect(oldest).toBeDefined();
    expect(packagesRefusing(oldest ?? '')).toEqual([]);
  });

  it('admit the Node.js running the tests', () => {
    expect(satisfies(process.version, declared)).toBe(true);
    expect(packagesRefusing(process.version)).toEqual([]);
  });
});
