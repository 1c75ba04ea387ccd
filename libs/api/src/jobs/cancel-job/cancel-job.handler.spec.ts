import type { ControlPublisher } from '@jobmill/job-runtime/client';
import type { JobRunStore, JobStore, JobView, PipelineStore } from '@jobmill/persistence';
import type { CommandExecutor } from '@jobmill/transport';
import { sampleMetric as sample } from '@jobmill/platform';
import { CancelJobHandler, cancelledEvent } from './cancel-job.handler';

const job = {
  id: '0198f5a0-0000-7000-8000-000000000001',
  tenant: 'acme',
  type: 'system.ping',
  status: 'QUEUED',
  attempt: 1,
} as JobView;

describe('CancelJobHandler metrics', () => {
  const runs = { cancel: jest.fn() };
  const handler = new CancelJobHandler(
    { findById: jest.fn(async () => job) } as unknown as JobStore,
    runs as unknown as JobRunStore,
    { cancel: jest.fn(async () => undefined) } as unknown as ControlPublisher,
    { execute: jest.fn(async () => undefined) } as unknown as CommandExecutor,
    {} as PipelineStore,
  );

  it('counts a cancellation it recorded by job type, and not one another outcome beat', async () => {
    runs.cancel.mockResolvedValueOnce({ recorded: true });
    await handler.cancel('acme', job.id);
    expect(await sample('jobs_cancelled_total', { type: 'system.ping' })).toBe(1);

    // A worker recorded the cancellation first (and counted it there).
    runs.cancel.mockResolvedValueOnce({ recorded: false, event: cancelledEvent(job) });
    await handler.cancel('acme', job.id);
    expect(await sample('jobs_cancelled_total', { type: 'system.ping' })).toBe(1);
  });
});
