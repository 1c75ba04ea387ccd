// Latency at a fixed offered rate over REST, one job per POST /v1/jobs: for a sample of the
// jobs, submit (request sent) -> started and -> terminal as visible in the read model that
// GET /v1/jobs/:id serves, found by polling that row every few ms (one query for all sampled
// jobs in flight; a state counts as visible at the end of the first poll that returns it, so
// figures are upper bounds by up to one poll period). The jobs' own event times (started_at,
// finished_at written from the workers' events), the time the status service recorded the
// terminal event (its history row's recorded_at) and POST latency are reported beside them, so
// that the path splits into hops: POST, the worker, the projection, the poll.
import { percentile } from '../lib/stats.mjs';
import { nowMs, sleep } from '../lib/wait.mjs';
import { offerLoad } from './open-loop.mjs';

const STARTED = new Set(['RUNNING', 'RETRYING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

function startPoller(counter, sample, pollMs) {
  let stopped = false;
  let polls = 0;
  const run = (async () => {
    while (!stopped) {
      const open = [...sample.entries()]
        .filter(([, s]) => s.terminalAt === undefined)
        .map(([id]) => id);
      if (open.length) {
        const { rows } = await counter.client.query(
          'SELECT id, status FROM jobs WHERE id = ANY($1::uuid[])',
          [open],
        );
        const seen = nowMs();
        polls += 1;
        for (const { id, status } of rows) {
          const s = sample.get(id);
          if (STARTED.has(status) && s.startedAt === undefined) s.startedAt = seen;
          if (TERMINAL.has(status)) s.terminalAt = seen;
        }
      }
      await sleep(pollMs);
    }
  })();
  return { polls: () => polls, stop: () => ((stopped = true), run) };
}

// recorded_at is the projection's transaction time: when the status service wrote the row.
const EVENT_TIMES = `
  SELECT j.id, j.started_at, j.finished_at,
    (SELECT min(e.recorded_at) FROM job_events e
     WHERE e.job_id = j.id AND e.name IN ('succeeded', 'failed', 'cancelled')) AS recorded_at
  FROM jobs j WHERE j.id = ANY($1::uuid[])`;

async function eventTimes(counter, sample) {
  const { rows } = await counter.client.query(EVENT_TIMES, [[...sample.keys()]]);
  for (const r of rows) {
    const s = sample.get(r.id);
    s.eventStartedAt = r.started_at?.getTime();
    s.eventFinishedAt = r.finished_at?.getTime();
    s.eventRecordedAt = r.recorded_at?.getTime();
  }
}

const p = (xs) => ({ p50: percentile(xs, 50), p99: percentile(xs, 99), n: xs.length });

/** One window at `rate` jobs/s; resolves with percentiles (ms) and the window's record. */
export async function measureLatency({
  submitter,
  counter,
  tenant,
  rate,
  seconds,
  sampleEvery = 2,
  pollMs = 5,
}) {
  const sample = new Map();
  const postMs = [];
  let accepted = 0;
  const onAccepted = (ids, sentAt, acceptedAt) => {
    postMs.push(acceptedAt - sentAt);
    for (const id of ids) if (accepted++ % sampleEvery === 0) sample.set(id, { sentAt });
  };
  const poller = startPoller(counter, sample, pollMs);
  const window = await offerLoad({
    submitter,
    counter,
    tenant,
    rate,
    seconds,
    maxInFlight: 1024,
    onAccepted,
  });
  await poller.stop();
  await eventTimes(counter, sample);
  const all = [...sample.values()];
  const since = (key, base = 'sentAt') =>
    all.filter((s) => s[key] !== undefined).map((s) => s[key] - s[base]);
  return {
    rate,
    held: window.held,
    achieved: window.achieved,
    sampled: all.length,
    pollMs,
    polls: poller.polls(),
    post: p(postMs),
    startedVisible: p(since('startedAt')),
    terminalVisible: p(since('terminalAt')),
    startedEvent: p(since('eventStartedAt')),
    finishedEvent: p(since('eventFinishedAt')),
    recordedEvent: p(since('eventRecordedAt')),
    window: { ...window, samples: undefined },
  };
}
