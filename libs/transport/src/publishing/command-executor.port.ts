import type { JobCommand } from '@jobmill/contracts';

/** Issues a command; resolves only when the broker confirmed it. */
export interface CommandExecutor {
  execute(command: JobCommand): Promise<void>;
  /** All confirmed, or rejects (with the first failure). */
  executeMany(commands: readonly JobCommand[]): Promise<void>;
}

/** Nest injection token of the CommandExecutor. */
export const COMMAND_EXECUTOR = Symbol('COMMAND_EXECUTOR');
