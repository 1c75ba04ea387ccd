import { isLoopback } from '@jobmill/platform';

/** Where a browser on this machine reaches an address (a wildcard means every interface). */
function localBase(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::' || host === '[::]') return `http://127.0.0.1:${port}`;
  return `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** What a person starting embedded mode needs to know, in plain text. */
export function bannerOf(host: string, port: number, dataDir: string, database: string): string {
  const base = localBase(host, port);
  const reach = isLoopback(host)
    ? 'this machine only; set HOST to listen elsewhere'
    : 'reachable from other machines';
  return [
    '',
    'jobmill is running in embedded mode: api, workers and status in this one process.',
    `  Listening ${host}:${port} (${reach})`,
    `  API       ${base}/v1   (API_KEYS, default demo:demo-key-123)`,
    `  Docs      ${base}/docs   AsyncAPI ${base}/asyncapi.json`,
    `  Dashboard ${base}/dashboard`,
    `  Health    ${base}/health/ready   Metrics ${base}/metrics`,
    `  Data      ${dataDir} (database: ${database})`,
    'Stop with Ctrl+C: it lets running jobs finish, a second Ctrl+C stops at once; unfinished',
    'jobs are picked up again at the next start.',
    '',
  ].join('\n');
}
