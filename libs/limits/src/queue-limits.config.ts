import { isJobType } from '@jobmill/contracts';
import { ConfigError, env, type EnvReader } from '@jobmill/platform';

/** QUEUE_LIMITS: the QUEUED jobs of each type past which submissions of it are refused. */
export interface QueueLimits {
  readonly byType: ReadonlyMap<string, number>;
  /** For types not listed; 0 is none. */
  readonly fallback: number;
}

const ENTRY = /^([^:]+):(\d{1,9})$/;

/** Reads QUEUE_LIMITS: `jobType:maxQueued,...`, `*` for the other types, 0 for no limit. */
export function readQueueLimits(vars: EnvReader = env): QueueLimits {
  const byType = new Map<string, number>();
  let fallback = 0;
  const seen = new Set<string>();
  for (const entry of vars.list('QUEUE_LIMITS', [])) {
    const match = ENTRY.exec(entry);
    const type = match?.[1] ?? '';
    if (!match || (type !== '*' && !isJobType(type)) || seen.has(type))
      throw new ConfigError(
        `QUEUE_LIMITS entries must be jobType:maxQueued (a known job type or '*', a whole number, 0 for no limit), each type once: '${entry}'`,
        'QUEUE_LIMITS',
      );
    seen.add(type);
    if (type === '*') fallback = Number(match[2]);
    else byType.set(type, Number(match[2]));
  }
  return { byType, fallback };
}

/** The limit of a job type's backlog; 0 is none. */
export const queueLimitOf = (limits: QueueLimits, type: string): number =>
  limits.byType.get(type) ?? limits.fallback;
