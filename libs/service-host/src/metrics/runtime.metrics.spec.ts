import { sampleMetric as sample } from '@jobmill/platform';
import { RuntimeMetrics } from './runtime.metrics';

describe('RuntimeMetrics', () => {
  const observer = new RuntimeMetrics();
  const ping = { type: 'system.ping' };

  it('counts starts and every outcome by job type, and observes queue wait', async () => {
    observer.jobStarted('system.ping', 0.02);
    observer.jobStarted('system.ping', 0.5);
    expect(await sample('jobs_started_total', ping)).toBe(2);
    expect(await sample('job_queue_wait_seconds_count', ping)).toBe(2);
    expect(await sample('job_queue_wait_seconds_bucket', { ...ping, le: 0.025 })).toBe(1);

    observer.jobEnded('system.ping', 'succeeded', 0.01);
    observer.jobEnded('system.ping', 'failed', 1);
    observer.jobEnded('system.ping', 'retried', 1);
    observer.jobEnded('system.ping', 'cancelled', 2);
    for (const name of ['succeeded', 'failed', 'retried', 'cancelled'])
      expect(await sample(`jobs_${name}_total`, ping)).toBe(1);
    expect(await sample('job_duration_seconds_count', { ...ping, outcome: 'succeeded' })).toBe(1);
    expect(await sample('job_duration_seconds_sum', { ...ping, outcome: 'cancelled' })).toBe(2);
  });

  it('times a superseded attempt without counting its job again', async () => {
    observer.jobEnded('system.ping', 'superseded', 0.5);
    expect(await sample('job_duration_seconds_count', { ...ping, outcome: 'superseded' })).toBe(1);
    for (const name of ['succeeded', 'failed', 'cancelled'])
      expect(await sample(`jobs_${name}_total`, ping)).toBe(1);
  });

  it('shows the slots of each queue in use, their number and the share taken', async () => {
    observer.slotsChanged('jobmill.jobs.detection', 3, 4);
    observer.slotsChanged('jobmill.jobs.processing', 1, 2);
    const detection = { queue: 'jobmill.jobs.detection' };
    expect(await sample('jobs_in_flight', detection)).toBe(3);
    expect(await sample('job_slots', detection)).toBe(4);
    expect(await sample('job_slots_utilisation', detection)).toBe(0.75);
    expect(await sample('jobs_in_flight', { queue: 'jobmill.jobs.processing' })).toBe(1);
  });
});
