import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import {
  OTHER_TENANT_KEY,
  startService,
  stopService,
  TEST_API_KEY,
  type RunningService,
} from './support/platform-processes';
import { metricValue, scrapeMetrics } from './support/metrics-scrape';
import { openEventStream, type EventStreamClient } from './support/sse-client';
import type { TestEnvironment } from './support/test-environment';
import { waitFor } from './support/wait-for';

// Live job events over Server-Sent Events, against the real processes in both modes.

const HEARTBEAT_MS = 250;
const names = (stream: EventStreamClient): string[] => stream.events.map((e) => e.event);

describe(`event streams (SSE) (${PLATFORM_MODE})`, () => {
  const platform = usePlatform({ api: { SSE_HEARTBEAT_MS: String(HEARTBEAT_MS) } });
  const streams: EventStreamClient[] = [];
  const open = async (path: string, key = TEST_API_KEY, headers: Record<string, string> = {}) => {
    const stream = await openEventStream(`${platform.api.baseUrl}${path}`, key, headers);
    streams.push(stream);
    return stream;
  };
  afterEach(() => streams.splice(0).forEach((s) => s.close()));

  it("streams a job's events as they happen, with heartbeats, and ends after the last", async () => {
    const job = await platform.api.submit('system.ping', { durationMs: 1500 });
    const stream = await open(`/v1/jobs/${job.id}/events`);
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    await stream.done;
    expect(stream.ended).toBe(true);
    expect(names(stream)).toEqual(['queued', 'started', 'succeeded']);
    const history = await platform.api.events(job.id);
    expect(stream.events.map((e) => e.id)).toEqual(history.map((e) => e.id));
    expect(stream.events.map((e) => e.data.jobId)).toEqual([job.id, job.id, job.id]);
    expect(stream.events[2]?.data).toMatchObject({ status: 'SUCCEEDED', jobType: 'system.ping' });
    expect(stream.comments).toBeGreaterThanOrEqual(2);
  });

  it('resumes after Last-Event-ID with only the later events; 204 after the last', async () => {
    const job = await platform.api.submit('system.ping', { durationMs: 1000 });
    const first = await open(`/v1/jobs/${job.id}/events`);
    await first.until('started', (events) => events.some((e) => e.event === 'started'));
    first.close();
    const started = first.events.find((e) => e.event === 'started');
    const resumed = await open(`/v1/jobs/${job.id}/events`, TEST_API_KEY, {
      'last-event-id': started?.id ?? '',
    });
    await resumed.done;
    expect(names(resumed)).toEqual(['succeeded']);
    const after = await open(`/v1/jobs/${job.id}/events`, TEST_API_KEY, {
      'last-event-id': resumed.events[0]?.id ?? '',
    });
    expect(after.status).toBe(204);
    const unknown = await open(`/v1/jobs/${job.id}/events`, TEST_API_KEY, {
      'last-event-id': 'no-such-event',
    });
    expect(unknown.status).toBe(400);
  });

  it('streams each tenant only its own events, filtered by status and type', async () => {
    const acme = await open('/v1/events?status=SUCCEEDED&type=system.ping');
    const globex = await open('/v1/events', OTHER_TENANT_KEY);
    const ours = await platform.api.submit('system.ping', { durationMs: 0 });
    const theirs = await platform.api
      .request(
        'POST',
        '/v1/jobs',
        { type: 'system.ping', input: {} },
        {
          authorization: `Bearer ${OTHER_TENANT_KEY}`,
        },
      )
      .then(async (res) => (await res.json()) as { id: string });
    await acme.until('our job to succeed', (events) =>
      events.some((e) => e.data.jobId === ours.id),
    );
    await globex.until('their job to succeed', (events) =>
      events.some((e) => e.data.jobId === theirs.id && e.event === 'succeeded'),
    );
    expect(acme.events.every((e) => e.event === 'succeeded')).toBe(true);
    expect(acme.events.some((e) => e.data.jobId === theirs.id)).toBe(false);
    expect(globex.events.some((e) => e.data.jobId === ours.id)).toBe(false);
    expect(names(globex).filter((n) => n !== 'started')).toEqual(['queued', 'succeeded']);
    expect((await open('/v1/events?status=DONE')).status).toBe(400);
  });

  it('frees a stream whose client went away', async () => {
    const openStreams = async () =>
      metricValue(await scrapeMetrics(platform.services.api.port), 'jobmill_event_streams_open');
    const stream = await open('/v1/events');
    expect(await openStreams()).toBe(1);
    stream.close();
    await waitFor(
      'the stream to be freed',
      async () => ((await openStreams()) === 0 ? true : undefined),
      10_000,
    );
  });

  it('is documented in OpenAPI as text/event-stream', async () => {
    type Doc = {
      paths: Record<string, { get?: { responses: Record<string, { content?: object }> } }>;
    };
    const doc = (await (await fetch(`${platform.api.baseUrl}/docs-json`)).json()) as Doc;
    const types = (path: string) =>
      Object.keys(doc.paths[path]?.get?.responses['200']?.content ?? {});
    expect(types('/v1/events')).toEqual(['text/event-stream']);
    expect(types('/v1/jobs/{id}/events')).toEqual(['application/json', 'text/event-stream']);
  });

  (PLATFORM_MODE === 'distributed' ? it : it.skip)(
    'streams, from a second API process, what a client of the first caused',
    async () => {
      const second: RunningService = await startService('api', platform.env as TestEnvironment, {
        SSE_HEARTBEAT_MS: String(HEARTBEAT_MS),
      });
      try {
        const url = `http://127.0.0.1:${second.port}/v1/events?status=SUCCEEDED`;
        const stream = await openEventStream(url, TEST_API_KEY);
        streams.push(stream);
        const job = await platform.api.submit('system.ping', { durationMs: 0 });
        await stream.until('the job to succeed there', (events) =>
          events.some((e) => e.data.jobId === job.id),
        );
        // Stopping the process ends its streams (their clients resume elsewhere) at once.
        const stopping = Date.now();
        expect(await stopService(second)).toBe(0);
        expect(Date.now() - stopping).toBeLessThan(10_000);
        await stream.done;
        expect(stream.ended).toBe(true);
      } finally {
        await stopService(second);
      }
    },
  );
});
