import { readFile } from 'node:fs/promises';
import { waitFor } from './wait-for';

/** A job as the API returns it (the parts tests look at). */
export interface JobBody {
  readonly id: string;
  readonly type: string;
  readonly status: string;
  readonly progress: number;
  readonly attempt: number;
  readonly result: Record<string, unknown> | null;
  readonly error: { code: string; message: string; kind: string } | null;
  /** RUNNING but its worker's lease lapsed (the worker vanished). */
  readonly stalled?: boolean;
}

/** One entry of a job's history (`GET /v1/jobs/:id/events`). */
export interface JobEventBody {
  readonly id: string;
  readonly name: string;
  readonly attempt: number;
  readonly data: unknown;
  readonly occurredAt: string;
}

/** A thin REST client for tests, speaking to one API process. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const isBytes = body instanceof Buffer || body instanceof Uint8Array;
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.key}`,
        ...(body === undefined
          ? {}
          : { 'content-type': isBytes ? 'audio/wav' : 'application/json' }),
        ...headers,
      },
      ...(body === undefined
        ? {}
        : { body: isBytes ? (body as Uint8Array) : JSON.stringify(body) }),
    });
  }

  /** Uploads a WAV file as the raw body; returns the upload id. */
  async upload(file: string): Promise<string> {
    const res = await this.request('POST', '/v1/uploads', await readFile(file));
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  }

  /** Submits a job; returns the 202 body. */
  async submit(type: string, input: Record<string, unknown>): Promise<JobBody> {
    const res = await this.request('POST', '/v1/jobs', { type, input });
    if (res.status !== 202) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as JobBody;
  }

  async job(id: string): Promise<JobBody> {
    const res = await this.request('GET', `/v1/jobs/${id}`);
    if (res.status !== 200) throw new Error(`GET job answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as JobBody;
  }

  /** The job's history, oldest first. */
  async events(id: string): Promise<JobEventBody[]> {
    const res = await this.request('GET', `/v1/jobs/${id}/events`);
    if (res.status !== 200)
      throw new Error(`GET events answered ${res.status}: ${await res.text()}`);
    return ((await res.json()) as { events: JobEventBody[] }).events;
  }

  /** Polls until the job reaches a terminal state. */
  waitForTerminal(id: string, timeoutMs = 60_000): Promise<JobBody> {
    return waitFor(
      `job ${id} to finish`,
      async () => {
        const job = await this.job(id);
        return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(job.status) ? job : undefined;
      },
      timeoutMs,
      200,
    );
  }
}
