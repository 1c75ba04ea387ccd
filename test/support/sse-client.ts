import { waitFor } from './wait-for';

/** One Server-Sent Event as a test client received it. */
export interface ReceivedEvent {
  readonly id: string;
  readonly event: string;
  readonly data: {
    readonly id: string;
    readonly jobId: string;
    readonly jobType: string | null;
    readonly name: string;
    readonly status: string;
    readonly attempt: number;
    readonly occurredAt: string;
  };
}

/** An open event stream: what arrived so far, and whether the server ended it. */
export interface EventStreamClient {
  readonly status: number;
  readonly contentType: string | null;
  readonly events: ReceivedEvent[];
  /** Comment lines received (heartbeats). */
  comments: number;
  ended: boolean;
  /** Resolves once the server has ended the stream. */
  readonly done: Promise<void>;
  /** Waits until the events received satisfy `ok`. */
  until(
    what: string,
    ok: (events: readonly ReceivedEvent[]) => boolean,
    timeoutMs?: number,
  ): Promise<void>;
  close(): void;
}

/** Parses SSE blocks (`field: value` lines, blank line between events) as they come. */
function parseBlocks(client: EventStreamClient, text: string): string {
  let rest = text;
  for (let end = rest.indexOf('\n\n'); end >= 0; end = rest.indexOf('\n\n')) {
    const fields = new Map<string, string>();
    for (const line of rest.slice(0, end).split('\n')) {
      if (line.startsWith(':')) client.comments += 1;
      const at = line.indexOf(': ');
      if (at > 0) fields.set(line.slice(0, at), line.slice(at + 2));
    }
    const data = fields.get('data');
    if (data !== undefined) {
      client.events.push({
        id: fields.get('id') ?? '',
        event: fields.get('event') ?? 'message',
        data: JSON.parse(data) as ReceivedEvent['data'],
      });
    }
    rest = rest.slice(end + 2);
  }
  return rest;
}

/** Opens `GET url` with Accept: text/event-stream and reads it in the background. */
export async function openEventStream(
  url: string,
  key: string,
  headers: Record<string, string> = {},
): Promise<EventStreamClient> {
  const abort = new AbortController();
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${key}`, accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  let finish: () => void = () => undefined;
  const client: EventStreamClient = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    events: [],
    comments: 0,
    ended: false,
    done: new Promise<void>((resolve) => (finish = resolve)),
    until: (what, ok, timeoutMs = 30_000) =>
      waitFor(
        what,
        () => Promise.resolve(ok(client.events) ? true : undefined),
        timeoutMs,
        50,
      ).then(() => undefined),
    close: () => abort.abort(),
  };
  void (async () => {
    let text = '';
    try {
      for await (const chunk of res.body ?? []) {
        text = parseBlocks(client, text + Buffer.from(chunk as Uint8Array).toString('utf8'));
      }
      client.ended = true;
    } catch {
      // Closed by the test.
    }
    finish();
  })();
  return client;
}
