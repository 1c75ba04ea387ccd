// The shapes of the operations API's answers (the parts tests look at), and a checked read.

/** One lane of a job type's queue (`GET /v1/admin/queues`). */
export interface QueueItem {
  jobType: string;
  queue: string;
  priority: string;
  /** The priority's backlog lane (jobs of tenants past their fair share). */
  backlog: boolean;
  depth: number;
  consumers: number;
  paused: boolean;
}

/** `GET /v1/admin/queues`. */
export interface Queues {
  items: QueueItem[];
  deadLetters: { queue: string; depth: number };
  rates: Record<string, { inPerMinute: number; outPerMinute: number }>;
}

/** One worker instance (`GET /v1/admin/workers`). */
export interface WorkerInstance {
  instance: string;
  service: string;
  jobTypes: string[];
  slots: number;
  inFlight: number;
  startedAt: string;
  lastHeartbeatAt: string;
  stale: boolean;
}

/** The answer of `POST /v1/jobs/bulk`. */
export interface BulkReport {
  matched: number;
  applied: number;
  skipped: Array<{ id: string; code: string }>;
}

/** The JSON body of an answer that must have `status`; the body is in the error otherwise. */
export async function jsonOf<T>(res: Promise<Response>, status = 200): Promise<T> {
  const answer = await res;
  const body = await answer.text();
  if (answer.status !== status)
    throw new Error(`expected ${status}, got ${answer.status}: ${body}`);
  return JSON.parse(body) as T;
}
