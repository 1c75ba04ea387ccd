import { writeWindows } from '@jobmill/contracts';

/** The most envelopes gathered into one window (and so at most into one batch message). */
export const MAX_WINDOW_ENVELOPES = 500;

/** Windows awaiting their confirms at once: a publish need not wait for the window before. */
const WINDOWS_IN_FLIGHT = 4;

/**
 * Gathers single publishes into windows written together: a lone publish waits for nothing, a
 * busy service sends few windows of many. Each caller's promise settles with its own part of
 * the window. The channel keeps their order whatever the windows' confirms do.
 */
export function publishWindow<T>(
  write: (items: readonly T[]) => Promise<(void | Error)[]>,
): (item: T) => Promise<void> {
  const loader = writeWindows<T, void>(write, {
    maxSize: MAX_WINDOW_ENVELOPES,
    inFlight: WINDOWS_IN_FLIGHT,
  });
  return (item) => loader.load(item);
}

/** Groups items by key, keeping first-seen order of the keys and of the items within each. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Publishes one request per group and settles each item with its group's outcome. */
export async function settleGroups<T>(
  items: readonly T[],
  groups: Map<string, T[]>,
  publish: (group: readonly T[]) => Promise<void>,
): Promise<(void | Error)[]> {
  const outcome = new Map<T, void | Error>();
  await Promise.all(
    [...groups.values()].map(async (group) => {
      const result = await publish(group).then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
      );
      for (const item of group) outcome.set(item, result);
    }),
  );
  return items.map((item) => outcome.get(item));
}
