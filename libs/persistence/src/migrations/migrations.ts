import { InitialSchema1767225600000 } from './initial-schema.migration';
import { JobRuns1767312000000 } from './job-runs.migration';
import { UnconfirmedCommands1767398400000 } from './unconfirmed-commands.migration';

/** Every migration, oldest first; append new ones, never edit an applied one. */
export const MIGRATIONS = [
  InitialSchema1767225600000,
  JobRuns1767312000000,
  UnconfirmedCommands1767398400000,
];
