/** What a person starting embedded mode needs to know, in plain text. */
export function bannerOf(url: string, dataDir: string, database: string): string {
  const base = url.replace('[::1]', '127.0.0.1').replace('0.0.0.0', '127.0.0.1');
  return [
    '',
    'jobmill is running in embedded mode: api, workers and status in this one process.',
    `  API       ${base}/v1   (API_KEYS, default demo:demo-key-123)`,
    `  Docs      ${base}/docs   AsyncAPI ${base}/asyncapi.json`,
    `  Dashboard ${base}/dashboard`,
    `  Health    ${base}/health/ready   Metrics ${base}/metrics`,
    `  Data      ${dataDir} (database: ${database})`,
    'Stop with Ctrl+C; unfinished jobs are picked up again at the next start.',
    '',
  ].join('\n');
}
