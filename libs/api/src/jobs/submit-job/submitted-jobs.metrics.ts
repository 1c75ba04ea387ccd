import { parseCommandType, type JobCommand } from '@jobmill/contracts';
import { metrics } from '@jobmill/platform';
import type { CommandExecutor } from '@jobmill/transport';

/**
 * The executor, counting `jobmill_jobs_submitted_total{type}` once the broker confirmed the
 * commands: a submission refused or withdrawn (broker unavailable) is not counted.
 */
export function countingSubmissions(executor: CommandExecutor): CommandExecutor {
  const submitted = metrics.counter('jobs_submitted_total', 'Jobs accepted by the API', ['type']);
  const count = (commands: readonly JobCommand[]): void => {
    // A bulk submission is mostly one type: one increment per type, not per job.
    const byType = new Map<string, number>();
    for (const command of commands) {
      const type = parseCommandType(command.type)?.jobType ?? 'unknown';
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    for (const [type, n] of byType) submitted.inc({ type }, n);
  };
  return {
    execute: async (command, options) => {
      await executor.execute(command, options);
      count([command]);
    },
    executeMany: async (commands, options) => {
      await executor.executeMany(commands, options);
      count(commands);
    },
  };
}
