import { createContext, Script } from 'node:vm';
import { DETAIL_SCRIPT } from './detail.script';

interface Node {
  tag: string;
  attrs: { text?: string };
  children: (Node | null)[];
}
interface DetailContext {
  webhookDeliveries?: (job: object, events: object[]) => Node;
  eventText?: (event: object) => string;
  pipelineSteps?: (job: object) => Node;
}

// The page's DOM helpers, reduced to a tree of plain objects.
const context = createContext({
  el: (tag: string, attrs: object = {}, children: (Node | string)[] = []) => ({
    tag,
    attrs,
    children: children.map((c) =>
      typeof c === 'string' ? { tag: '#text', attrs: { text: c }, children: [] } : c,
    ),
  }),
  formatTime: (iso: string) => `at ${iso}`,
  formatPercent: (n: number) => `${Math.round(n * 100)} %`,
  shortId: (id: string) => id.slice(0, 8),
  statusBadge: (status: string) => ({ tag: 'span', attrs: { text: status }, children: [] }),
}) as DetailContext;
new Script(DETAIL_SCRIPT).runInContext(context);

const texts = (node: Node | null): string[] =>
  node ? [node.attrs.text ?? '', ...node.children.flatMap(texts)].filter(Boolean) : [];

describe("the dashboard's webhook deliveries", () => {
  const failed = (deliveryAttempt: number, final = false) => ({
    name: 'webhook.failed',
    data: {
      deliveryId: '7',
      deliveryAttempt,
      jobStatus: 'FAILED',
      statusCode: 500,
      error: { code: 'WEBHOOK_HTTP_STATUS', message: 'answered 500' },
      nextAttemptAt: final ? null : '2026-01-01T00:00:01.000Z',
      final,
    },
  });
  const delivered = {
    name: 'webhook.delivered',
    data: { deliveryId: '8', deliveryAttempt: 1, jobStatus: 'SUCCEEDED', statusCode: 200 },
  };

  it("shows each delivery's latest attempt under the callback URL", () => {
    const job = { callbackUrl: 'https://hooks.example.com/x' };
    const events = [{ name: 'started', data: {} }, failed(1), failed(2), delivered];
    expect(texts(context.webhookDeliveries?.(job, events) ?? null)).toEqual([
      'https://hooks.example.com/x',
      'FAILED: failing, next attempt at 2026-01-01T00:00:01.000Z after 2 attempts (HTTP 500)',
      'SUCCEEDED: delivered after 1 attempt (HTTP 200)',
    ]);
    expect(texts(context.webhookDeliveries?.(job, []) ?? null)).toContain('no delivery yet');
  });

  it('describes webhook history entries', () => {
    expect(context.eventText?.(delivered)).toBe('SUCCEEDED delivered, HTTP 200 (try 1)');
    expect(context.eventText?.(failed(3, true))).toBe(
      'FAILED not delivered: WEBHOOK_HTTP_STATUS: answered 500 (try 3, gave up)',
    );
  });
});

describe("the dashboard's pipelines", () => {
  it("lists a pipeline's steps with their status and attempt", () => {
    const job = {
      steps: [
        { step: 1, type: 'detection.vad', jobId: 'aaaaaaaa-1', status: 'SUCCEEDED', attempt: 1 },
        { step: 2, type: 'processing.clips', jobId: 'bbbbbbbb-2', status: 'RUNNING', attempt: 2 },
      ],
    };
    expect(texts(context.pipelineSteps?.(job) ?? null)).toEqual([
      'detection.vad aaaaaaaa',
      ' ',
      'SUCCEEDED',
      'processing.clips bbbbbbbb',
      ' ',
      'RUNNING',
      ' attempt 2',
    ]);
  });

  it("describes a pipeline's history entries by step", () => {
    const data = {
      jobType: 'pipeline',
      step: 2,
      stepType: 'processing.clips',
      stepStatus: 'RUNNING',
    };
    expect(context.eventText?.({ name: 'progress', data: { ...data, progress: 0.5 } })).toBe(
      'step 2 (processing.clips) RUNNING, 50 %',
    );
    expect(context.eventText?.({ name: 'started', data })).toBe(
      'step 2 (processing.clips) RUNNING',
    );
  });
});
