/** One sample of a Prometheus text exposition. */
export interface Sample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** A service's `/metrics` text, as Prometheus reads it. */
export async function scrapeExposition(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  if (res.status !== 200) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

/** The samples of a service's `/metrics` (comments left out). */
export async function scrapeMetrics(port: number): Promise<Sample[]> {
  return (await scrapeExposition(port)).split('\n').flatMap((line): Sample[] => {
    const match = LINE.exec(line);
    if (!match || line.startsWith('#')) return [];
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(LABEL)].map((m) => [m[1], m[2]]),
    ) as Record<string, string>;
    return [{ name: match[1] as string, labels, value: Number(match[3]) }];
  });
}

/** The sum of the samples named `name` whose labels include `labels`; undefined if none. */
export function metricValue(
  samples: readonly Sample[],
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  const found = samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v),
  );
  return found.length === 0 ? undefined : found.reduce((sum, s) => sum + s.value, 0);
}
