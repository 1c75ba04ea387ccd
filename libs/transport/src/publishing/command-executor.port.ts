import type { JobCommand } from '@jobmill/contracts';

/** How commands are issued. */
export interface ExecuteOptions {
  /**
   * Route them to their priority's backlog lane (a tenant past its fair share): they start after
   * every job of that priority in the lane itself. High commands have no backlog lane.
   */
  readonly backlog?: boolean;
}

/** Issues a command; resolves only when the broker confirmed it. */
export interface CommandExecutor {
  execute(command: JobCommand, options?: ExecuteOptions): Promise<void>;
  /** All confirmed, or rejects (with the first failure). */
  executeMany(commands: readonly JobCommand[], options?: ExecuteOptions): Promise<void>;
}

/** Nest injection token of the CommandExecutor. */
export const COMMAND_EXECUTOR = Symbol('COMMAND_EXECUTOR');
