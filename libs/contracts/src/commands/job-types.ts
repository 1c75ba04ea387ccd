import { TYPE_NAMESPACE } from '../envelope/cloud-event';

/** Every job type the platform runs; a job type is also its command's routing key. */
export const JOB_TYPES = [
  'detection.vad',
  'processing.normalize',
  'processing.clips',
  'system.ping',
] as const;

/** A job type: `<family>.<name>`, two dot-separated words. */
export type JobType = (typeof JOB_TYPES)[number];

/** Command versions each job type accepts; a new version is added here, old ones stay. */
export const COMMAND_VERSIONS: Readonly<Record<JobType, readonly number[]>> = {
  'detection.vad': [1],
  'processing.normalize': [1],
  'processing.clips': [1],
  'system.ping': [1],
};

export const isJobType = (value: unknown): value is JobType =>
  typeof value === 'string' && (JOB_TYPES as readonly string[]).includes(value);

/** The CloudEvents `type` of a job type's command, e.g. `io.jobmill.detection.vad.requested.v1`. */
export const commandTypeOf = (jobType: JobType, version = 1): string =>
  `${TYPE_NAMESPACE}.${jobType}.requested.v${version}`;

const COMMAND_TYPE = /^(.+)\.requested\.v(\d+)$/;

/** Splits a command's CloudEvents `type` into its job type and version, if it names a command. */
export function parseCommandType(
  ceType: string,
): { readonly jobType: string; readonly version: number } | undefined {
  if (!ceType.startsWith(`${TYPE_NAMESPACE}.`)) return undefined;
  const match = COMMAND_TYPE.exec(ceType.slice(TYPE_NAMESPACE.length + 1));
  if (!match?.[1] || !match[2]) return undefined;
  return { jobType: match[1], version: Number(match[2]) };
}
