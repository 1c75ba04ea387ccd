/** A retention: a whole number with a unit, s(econds), m(inutes), h(ours) or d(ays), e.g. "7d". */
export const RETENTION_PATTERN = /^([1-9][0-9]{0,5})([smhd])$/;

const UNIT_MS: Readonly<Record<string, number>> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/** The `retention` job option: how long a finished job (history, output) is kept. */
export const retentionSchema = {
  type: 'string',
  pattern: RETENTION_PATTERN.source,
  description:
    'How long the finished job, its history and its output are kept, e.g. "1h", "30m", "2d" ' +
    "(units s, m, h, d). May only shorten the platform's JOB_RETENTION (default 7d).",
} as const;

/** Milliseconds of a retention such as "12h"; undefined when it does not match the pattern. */
export function parseRetention(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = RETENTION_PATTERN.exec(value);
  const unit = match?.[2] === undefined ? undefined : UNIT_MS[match[2]];
  return match && unit !== undefined ? Number(match[1]) * unit : undefined;
}

/** A retention in its largest whole unit ("90m" stays "90m", 604800000 ms is "7d"). */
export function formatRetention(ms: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    const size = UNIT_MS[unit] ?? 1;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1_000)}s`;
}
