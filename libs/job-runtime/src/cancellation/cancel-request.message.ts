/** CloudEvents type of a cancellation broadcast on the control exchange. */
export const CANCEL_REQUESTED_TYPE = 'io.jobmill.control.cancel-requested.v1';

/** A control broadcast asking every worker to stop one job. */
export interface CancelRequest {
  readonly type: typeof CANCEL_REQUESTED_TYPE;
  readonly jobId: string;
  readonly tenant: string;
  readonly time: string;
}

/** The cancellation a control message carries, or undefined for anything else. */
export function parseCancelRequest(body: Buffer): CancelRequest | undefined {
  try {
    const value = JSON.parse(body.toString('utf8')) as Partial<CancelRequest>;
    if (value.type !== CANCEL_REQUESTED_TYPE || typeof value.jobId !== 'string') return undefined;
    return {
      type: CANCEL_REQUESTED_TYPE,
      jobId: value.jobId.toLowerCase(),
      tenant: String(value.tenant ?? ''),
      time: String(value.time ?? ''),
    };
  } catch {
    return undefined;
  }
}
