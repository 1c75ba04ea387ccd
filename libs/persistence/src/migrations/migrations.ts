import { InitialSchema1767225600000 } from './initial-schema.migration';

/** Every migration, oldest first; append new ones, never edit an applied one. */
export const MIGRATIONS = [InitialSchema1767225600000];
