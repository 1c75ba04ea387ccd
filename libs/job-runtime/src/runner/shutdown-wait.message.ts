/** What a stopping runner waits for, for the operator who pressed Ctrl+C. */
export function waitingFor(jobIds: readonly string[], graceMs?: number): string {
  const shown = jobIds.slice(0, 5).join(', ') + (jobIds.length > 5 ? ', ...' : '');
  const upTo = graceMs === undefined ? '' : ` up to ${Math.round(graceMs / 1000)} s`;
  return (
    `Waiting${upTo} for ${jobIds.length} running job(s) to finish: ${shown}. ` +
    'Press Ctrl+C again (or send another SIGTERM) to stop now: they run again from the queue.'
  );
}
