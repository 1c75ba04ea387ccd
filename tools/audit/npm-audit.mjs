// `npm audit` for CI: fails on a high or critical advisory unless .ci/audit-allowlist.json
// holds a reviewed, unexpired entry for it; lower severities are printed only. When the advisory
// database cannot be reached, it says so and passes: CI must not fail on the network more than
// `npm ci` already does. `--from <file>` reads a saved `npm audit --json` report instead.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const FAILING = new Set(['high', 'critical']);

function report() {
  const from = process.argv.indexOf('--from');
  if (from > 0) return JSON.parse(readFileSync(process.argv[from + 1], 'utf8'));
  let out;
  try {
    out = execFileSync('npm', ['audit', '--json'], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    // npm audit exits non-zero when it finds anything, and also when it cannot ask at all.
    out = error.stdout ?? '';
  }
  try {
    return JSON.parse(out);
  } catch {
    return {};
  }
}

/** Each advisory behind a vulnerable package: { id (GHSA), package, severity, title, url }. */
function advisories(audit) {
  const found = new Map();
  for (const [name, vuln] of Object.entries(audit.vulnerabilities ?? {}))
    for (const via of vuln.via ?? []) {
      if (typeof via !== 'object') continue; // reached through another package, listed there
      const id = /GHSA-[\w-]+/.exec(via.url ?? '')?.[0] ?? String(via.source);
      found.set(`${id} ${name}`, {
        id,
        package: name,
        severity: via.severity,
        title: via.title,
        url: via.url,
      });
    }
  return [...found.values()];
}

const audit = report();
if (!audit.vulnerabilities) {
  console.log(
    `npm audit: no report (advisory database unreachable?): skipped. ${audit.error?.summary ?? ''}`,
  );
  process.exit(0);
}
const { entries } = JSON.parse(readFileSync(path.join(root, '.ci/audit-allowlist.json'), 'utf8'));
const today = new Date().toISOString().slice(0, 10);
const allowed = (a) =>
  entries.some((e) => e.id === a.id && e.package === a.package && e.why && e.until >= today);
const all = advisories(audit);
const failing = all.filter((a) => FAILING.has(a.severity) && !allowed(a));
for (const a of all) {
  const verdict = !FAILING.has(a.severity) ? 'reported' : allowed(a) ? 'allowed' : 'FAILS';
  console.log(`${verdict.padEnd(8)} ${a.severity.padEnd(8)} ${a.id} ${a.package}: ${a.title}`);
}
console.log(
  `npm audit: ${all.length} advisories, ${failing.length} failing (high/critical, not allowed)`,
);
process.exit(failing.length > 0 ? 1 : 0);
