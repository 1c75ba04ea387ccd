import { readFile } from 'node:fs/promises';

/** A job as the REST API returns it (the fields the CLI shows). */
export interface JobView {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly progress: number;
  readonly attempt: number;
  readonly result?: unknown;
  readonly error?: { readonly code: string; readonly message: string } | null;
  /** When the finished job is deleted (retention); null while unfinished. */
  readonly expiresAt?: string | null;
  /** A pipeline's steps, in order. */
  readonly steps?: readonly {
    readonly step: number;
    readonly type: string;
    readonly jobId: string;
    readonly status: string;
  }[];
}

/** A non-2xx answer of the API, with its problem+json title/detail and stable code. */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';
  readonly code: string;

  constructor(
    readonly status: number,
    problem: Record<string, unknown>,
  ) {
    const detail = [problem['title'], problem['detail']].filter((x) => typeof x === 'string');
    super(`HTTP ${status}: ${detail.join(': ') || 'request failed'}`);
    this.code = typeof problem['code'] === 'string' ? problem['code'] : `HTTP_${status}`;
  }
}

/** Terminal job states: watching stops there. */
export const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

/** The few REST calls the CLI makes, authenticated with an API key. */
export class JobsApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  private async call<T>(method: string, path: string, body?: unknown, type?: string): Promise<T> {
    const isBytes = body instanceof Uint8Array;
    const url = new URL(path, this.baseUrl);
    const res = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${this.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': type ?? 'application/json' }),
      },
      ...(body === undefined ? {} : { body: isBytes ? body : JSON.stringify(body) }),
    }).catch((error: unknown) => {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
      throw new Error(
        `Cannot reach the API at ${url.origin} (${cause}); set API_URL or --api-url.`,
      );
    });
    const text = await res.text();
    const parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (!res.ok) throw new ApiRequestError(res.status, parsed);
    return parsed as T;
  }

  /** Uploads a WAV file; returns its upload id. */
  async upload(file: string): Promise<string> {
    const bytes = new Uint8Array(await readFile(file));
    return (await this.call<{ id: string }>('POST', '/v1/uploads', bytes, 'audio/wav')).id;
  }

  /** Deletes one of the tenant's uploads (404 if unknown, 409 while an unfinished job reads it). */
  async deleteUpload(id: string): Promise<void> {
    await this.call('DELETE', `/v1/uploads/${encodeURIComponent(id)}`);
  }

  submit(body: Record<string, unknown>): Promise<JobView> {
    return this.call('POST', '/v1/jobs', body);
  }

  get(id: string): Promise<JobView> {
    return this.call('GET', `/v1/jobs/${encodeURIComponent(id)}`);
  }

  cancel(id: string): Promise<JobView> {
    return this.call('POST', `/v1/jobs/${encodeURIComponent(id)}/cancel`);
  }

  /** A failed job runs again (a failed pipeline resumes from its failed step). */
  retry(id: string): Promise<JobView> {
    return this.call('POST', `/v1/jobs/${encodeURIComponent(id)}/retry`);
  }

  createSchedule(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call('POST', '/v1/schedules', body);
  }

  listSchedules(): Promise<{ items: Array<Record<string, unknown>> }> {
    return this.call('GET', '/v1/schedules');
  }

  getSchedule(id: string): Promise<Record<string, unknown>> {
    return this.call('GET', `/v1/schedules/${encodeURIComponent(id)}`);
  }

  async deleteSchedule(id: string): Promise<void> {
    await this.call('DELETE', `/v1/schedules/${encodeURIComponent(id)}`);
  }

  /** Admin: creates a stored API key; the answer holds the whole key, shown this once. */
  createKey(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call('POST', '/v1/admin/api-keys', body);
  }

  listKeys(tenant?: string): Promise<{ items: Array<Record<string, unknown>> }> {
    const query = tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
    return this.call('GET', `/v1/admin/api-keys${query}`);
  }

  rotateKey(id: string, graceSeconds: number): Promise<Record<string, unknown>> {
    return this.call('POST', `/v1/admin/api-keys/${encodeURIComponent(id)}/rotate`, {
      graceSeconds,
    });
  }

  /** A new webhook secret for a tenant (admin); shown this once. The old one signs `graceSeconds` more. */
  rotateWebhookSecret(tenant: string, graceSeconds: number): Promise<Record<string, unknown>> {
    return this.call('POST', `/v1/admin/webhook-secrets/${encodeURIComponent(tenant)}/rotate`, {
      graceSeconds,
    });
  }

  async revokeKey(id: string): Promise<void> {
    await this.call('DELETE', `/v1/admin/api-keys/${encodeURIComponent(id)}`);
  }

  /** Cancels or retries every job a filter matches (dryRun: only counts them). */
  bulk(body: Record<string, unknown>, tenant?: string): Promise<Record<string, unknown>> {
    const query = tenant ? `?tenant=${encodeURIComponent(tenant)}` : '';
    return this.call('POST', `/v1/jobs/bulk${query}`, body);
  }

  /** Admin: queues (depth, consumers, paused), dead letters, rates. */
  queues(): Promise<Record<string, unknown>> {
    return this.call('GET', '/v1/admin/queues');
  }

  /** Admin: worker instances and their heartbeats. */
  workers(): Promise<{ items: Array<Record<string, unknown>> }> {
    return this.call('GET', '/v1/admin/workers');
  }

  /** Admin: job types and whether each is paused. */
  jobTypes(): Promise<{ items: Array<Record<string, unknown>> }> {
    return this.call('GET', '/v1/admin/job-types');
  }

  /** Admin: dead letters, oldest first, without removing them. */
  deadLetters(limit: number): Promise<{ items: Array<Record<string, unknown>> }> {
    return this.call('GET', `/v1/admin/dead-letters?limit=${limit}`);
  }

  /** Admin: requeues the selected dead letters (all for an empty selection). */
  requeueDeadLetters(selection: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call('POST', '/v1/admin/dead-letters/requeue', selection);
  }

  /** Admin: removes the selected dead letters for good (`{ all: true }` for every one). */
  discardDeadLetters(selection: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.call('POST', '/v1/admin/dead-letters/discard', selection);
  }

  /** Admin: pauses or resumes a job type. */
  setPaused(type: string, paused: boolean): Promise<Record<string, unknown>> {
    const action = paused ? 'pause' : 'resume';
    return this.call('POST', `/v1/admin/job-types/${encodeURIComponent(type)}/${action}`);
  }
}
