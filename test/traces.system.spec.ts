import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { topologyNames } from '@jobmill/contracts';
import { spawnEmbedded } from './support/embedded-process';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { PLATFORM_MODE, usePlatform } from './support/platform-fixture';
import { exitOf, spawnApp, stopService, type RunningService } from './support/platform-processes';
import {
  AMQP_URL,
  createEmbeddedEnvironment,
  type TestEnvironment,
} from './support/test-environment';
import { waitFor, withDeadline } from './support/wait-for';

// Every service exports its spans over OTLP/HTTP (JSON) to a receiver standing in for a
// collector; one job's spans, from the api, the worker and the status service, form the trace of
// the client that submitted it.

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** The one span of a trace with this name (and, if given, this parent). */
const only = (spans: readonly ReceivedSpan[], name: string, parent?: ReceivedSpan) => {
  const found = spans.filter(
    (s) => s.name === name && (parent === undefined || s.parentSpanId === parent.spanId),
  );
  if (found.length !== 1)
    throw new Error(`${found.length} spans '${name}' in ${spans.map((s) => s.name).join(', ')}`);
  return found[0] as ReceivedSpan;
};

describe(`traces (${PLATFORM_MODE})`, () => {
  const receiver = new OtlpReceiver();
  // Filled in once the receiver listens, before the platform starts (hooks run in this order).
  const otel: Record<string, string> = { OTEL_BSP_SCHEDULE_DELAY: '100' };
  beforeAll(async () => {
    await receiver.start();
    otel['OTEL_EXPORTER_OTLP_ENDPOINT'] = receiver.endpoint;
  });
  const platform = usePlatform({
    api: otel,
    'detection-worker': otel,
    'processing-worker': otel,
    status: otel,
  });
  const spawned: RunningService[] = [];
  const disposables: Array<{ dispose(): Promise<void> }> = [];
  afterAll(async () => {
    await Promise.all(spawned.map((s) => stopService(s)));
    await Promise.all(disposables.map((d) => d.dispose()));
    await receiver.stop();
  });

  it("puts one job's spans from api, worker and status into the client's trace", async () => {
    const clientTrace = randomBytes(16).toString('hex');
    const clientSpan = randomBytes(8).toString('hex');
    const res = await platform.api.request(
      'POST',
      '/v1/jobs',
      { type: 'system.ping', input: {} },
      { traceparent: `00-${clientTrace}-${clientSpan}-01`, tracestate: 'client=1' },
    );
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect((await platform.api.waitForTerminal(id, 30_000)).status).toBe('SUCCEEDED');

    // Each service exports on its own schedule: wait for the last span of every one of them.
    const last = ['POST /v1/jobs', 'run system.ping', 'project succeeded'];
    const spans = await waitFor('the spans of api, worker and status in the trace', async () => {
      const trace = receiver.trace(clientTrace);
      return last.every((name) => trace.some((s) => s.name === name)) ? trace : undefined;
    });
    const names = topologyNames(platform.env.topologyPrefix);
    const submit = only(spans, 'POST /v1/jobs');
    expect(submit).toMatchObject({ kind: SERVER, parentSpanId: clientSpan });
    const create = only(spans, `create ${names.commands}`, submit);
    expect(create).toMatchObject({ kind: PRODUCER, attributes: { 'jobmill.job.id': id } });
    only(spans, `send ${names.commands}`, create);
    const process = only(spans, `process ${names.detectionQueue}`, create);
    expect(process).toMatchObject({
      kind: CONSUMER,
      attributes: {
        'messaging.system': 'rabbitmq',
        'jobmill.job.id': id,
        'jobmill.job.type': 'system.ping',
        'jobmill.tenant': 'acme',
        'jobmill.job.attempt': 1,
      },
    });
    only(spans, 'run system.ping', process);
    expect(spans.filter((s) => s.name === `send ${names.events}`).length).toBeGreaterThan(0);
    for (const event of ['started', 'succeeded'])
      expect(only(spans, `project ${event}`, process).kind).toBe(CONSUMER);
    only(spans, 'project queued', create);

    // Every span about the job is in that one trace, and each service sent its own.
    const aboutJob = receiver.spans.filter((s) => s.attributes['jobmill.job.id'] === id);
    expect(new Set(aboutJob.map((s) => s.traceId))).toEqual(new Set([clientTrace]));
    // The client's tracestate travels with the trace: through the command to the worker, and
    // through the events to status.
    expect(new Set(aboutJob.map((s) => s.traceState))).toEqual(new Set(['client=1']));
    const services = (...names: ReceivedSpan[]) => names.map((s) => s.service);
    expect(services(submit, process, only(spans, 'project succeeded'))).toEqual(
      PLATFORM_MODE === 'embedded'
        ? ['jobmill', 'jobmill', 'jobmill']
        : ['api', 'detection-worker', 'status'],
    );
    expect(receiver.refused).toEqual([]);
  });

  /** Submits `body` in a new client trace; the job's id and that trace's id. */
  const submitTraced = async (body: unknown) => {
    const clientTrace = randomBytes(16).toString('hex');
    const res = await platform.api.request('POST', '/v1/jobs', body, {
      traceparent: `00-${clientTrace}-${randomBytes(8).toString('hex')}-01`,
      tracestate: 'client=2',
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    return { id, clientTrace };
  };

  /** The `process` span of the worker's run of `jobId`, once exported. */
  const runOf = (jobId: string, queue: string) =>
    waitFor(`the run of ${jobId}`, async () =>
      receiver.spans.find(
        (s) => s.name === `process ${queue}` && s.attributes['jobmill.job.id'] === jobId,
      ),
    );

  it("continues the submitter's trace when a delayed job is dispatched", async () => {
    const { id, clientTrace } = await submitTraced({
      type: 'system.ping',
      input: {},
      delayMs: 200,
    });
    expect((await platform.api.waitForTerminal(id, 30_000)).status).toBe('SUCCEEDED');
    // The command made at submission (its create span, under the request's) is recorded with
    // the job; the dispatcher publishes it when due, and the run continues from it.
    const names = topologyNames(platform.env.topologyPrefix);
    const process = await runOf(id, names.detectionQueue);
    const spans = receiver.trace(clientTrace);
    const submit = only(spans, 'POST /v1/jobs');
    const create = only(spans, `create ${names.commands}`, submit);
    expect(create.attributes['jobmill.job.id']).toBe(id);
    expect(process).toMatchObject({
      traceId: clientTrace,
      parentSpanId: create.spanId,
      traceState: 'client=2',
      service: PLATFORM_MODE === 'embedded' ? 'jobmill' : 'detection-worker',
    });
    // Dispatched later, the send is in the trace too, and no other creation span was made.
    await waitFor("the dispatcher's send", async () =>
      receiver
        .trace(clientTrace)
        .find((s) => s.name === `send ${names.commands}` && s.parentSpanId === create.spanId),
    );
    const creations = receiver.spans.filter(
      (s) => s.name === `create ${names.commands}` && s.attributes['jobmill.job.id'] === id,
    );
    expect(creations).toEqual([create]);
  });

  it("puts every step of a pipeline into the submitter's trace", async () => {
    const { id, clientTrace } = await submitTraced({
      type: 'system.ping',
      input: {},
      then: [{ type: 'system.ping' }, { type: 'system.ping' }],
    });
    const done = (await platform.api.waitForTerminal(id, 60_000)) as unknown as {
      status: string;
      steps: { jobId: string }[];
    };
    expect(done.status).toBe('SUCCEEDED');
    const names = topologyNames(platform.env.topologyPrefix);
    // The later steps are published by the dispatcher when the step before succeeds.
    const runs = await Promise.all(done.steps.map((s) => runOf(s.jobId, names.detectionQueue)));
    expect(runs.map((r) => r.traceId)).toEqual([clientTrace, clientTrace, clientTrace]);
    expect(new Set(runs.map((r) => r.traceState))).toEqual(new Set(['client=2']));
  });

  it('refuses to start with a wrong OTEL_* value, naming it', async () => {
    const bad = {
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    };
    const ownEnvironment = async () => {
      const env = await createEmbeddedEnvironment();
      disposables.push(env);
      return env;
    };
    const app =
      PLATFORM_MODE === 'embedded'
        ? await spawnEmbedded(await ownEnvironment(), bad)
        : await spawnApp(
            'status',
            {
              AMQP_URL,
              DATABASE_URL: (platform.env as TestEnvironment).databaseUrl,
              TOPOLOGY_PREFIX: platform.env.topologyPrefix,
              ...bad,
            },
            platform.env.workDir,
          );
    spawned.push(app);
    expect(await withDeadline(exitOf(app), `${app.name} to exit`, 60_000)).toBe(1);
    expect(await readFile(app.logFile, 'utf8')).toContain(
      'Invalid configuration: OTEL_TRACES_SAMPLER must be one of always_on, always_off',
    );
  });
});
