/**
 * Where an event falls in a job's life, to order events recorded in the same millisecond:
 * `occurred_at` has millisecond precision, and entries one statement records (a pipeline's
 * started and progress, written by its triggers) tie on it. Anything else comes after these.
 */
const LIFE_ORDER: Readonly<Record<string, number>> = { queued: 0, started: 1, progress: 2 };
const LAST = 3;

/** The event's place in a job's life. */
export const lifeRank = (name: string): number => LIFE_ORDER[name] ?? LAST;

/** The same as SQL, over a column of event names. */
export const lifeRankSql = (column: string): string =>
  `CASE ${column} ${Object.entries(LIFE_ORDER)
    .map(([name, rank]) => `WHEN '${name}' THEN ${rank}`)
    .join(' ')} ELSE ${LAST} END`;
