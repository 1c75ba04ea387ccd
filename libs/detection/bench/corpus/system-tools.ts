import { execFileSync, spawnSync } from 'node:child_process';
import { SYNTHESIZER_PACKAGES } from './synthesizers';

/** Debian packages the corpus is synthesised with. */
const TOOLS = [...SYNTHESIZER_PACKAGES, { command: 'sox', pkg: 'sox' }];

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function installed(pkg: string): boolean {
  const out = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return out.status === 0 && out.stdout.includes('install ok installed');
}

/** Installs the synthesizers, their voices and sox with apt-get when missing (needs root, as on CI and dev machines). */
export function ensureTools(): void {
  const missing = TOOLS.filter((t) => !has(t.command) || !installed(t.pkg)).map((t) => t.pkg);
  if (missing.length === 0) return;
  console.log(`installing ${missing.join(', ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
}
