import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// V8 flags are process-wide: each case runs the churn in its own process.
jest.setTimeout(60_000);

const FIXTURE = join(__dirname, 'fixtures', 'heap-churn.fixture.ts');
const ROOT = join(__dirname, '..', '..', '..', '..');

async function largestOldSpaceMb(percent: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-r', '@swc-node/register', FIXTURE],
    { cwd: ROOT, env: { ...process.env, HEAP_GROWING_PERCENT: percent } },
  );
  return (JSON.parse(stdout) as { oldSpaceMb: number }).oldSpaceMb;
}

describe('applyHeapGrowth', () => {
  it('keeps the old generation near its live size where V8 alone lets garbage pile up', async () => {
    const bounded = await largestOldSpaceMb('30');
    const v8Own = await largestOldSpaceMb('0');
    // Same live data, same garbage: V8's own factor let the old generation grow 3x larger here.
    expect(v8Own).toBeGreaterThan(bounded * 2);
  });

  it('refuses a value that is not a percentage', async () => {
    await expect(largestOldSpaceMb('lots')).rejects.toThrow(/HEAP_GROWING_PERCENT/);
  });
});
