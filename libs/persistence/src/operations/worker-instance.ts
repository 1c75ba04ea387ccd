/** What a worker instance reports with each heartbeat. */
export interface WorkerHeartbeat {
  /** `hostname:pid`, or the configured id. */
  readonly instance: string;
  /** `detection-worker`, `processing-worker` or `embedded`. */
  readonly service: string;
  readonly jobTypes: readonly string[];
  /** Jobs it runs at once, and how many it runs now. */
  readonly slots: number;
  readonly inFlight: number;
  /** How often it beats: a row is stale after three beats missed. */
  readonly heartbeatMs: number;
  readonly startedAt: Date;
}

/** A worker instance as the operations API lists it. */
export interface WorkerInstanceView {
  readonly instance: string;
  readonly service: string;
  readonly jobTypes: string[];
  readonly slots: number;
  readonly inFlight: number;
  readonly startedAt: string;
  readonly lastHeartbeatAt: string;
  /** No heartbeat for three of its intervals. */
  readonly stale: boolean;
}

/** A job type's pause, as a heartbeat reads it and the operations API shows it. */
export interface JobTypePause {
  readonly type: string;
  readonly paused: boolean;
  readonly pausedAt: string | null;
}
