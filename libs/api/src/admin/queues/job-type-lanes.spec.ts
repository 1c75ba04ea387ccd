import { topologyNames } from '@jobmill/contracts';
import { jobTypeLanes } from './job-type-lanes';

describe('job type lanes', () => {
  it("lists every job type's five lanes, in its queue, in the order their jobs start", () => {
    const lanes = jobTypeLanes(topologyNames('t1.'));
    const ping = { jobType: 'system.ping' } as const;
    expect(lanes.filter((l) => l.jobType === 'system.ping')).toEqual([
      { ...ping, queue: 't1.jobs.detection.high', priority: 'high', backlog: false },
      { ...ping, queue: 't1.jobs.detection', priority: 'normal', backlog: false },
      { ...ping, queue: 't1.jobs.detection.backlog', priority: 'normal', backlog: true },
      { ...ping, queue: 't1.jobs.detection.low', priority: 'low', backlog: false },
      { ...ping, queue: 't1.jobs.detection.low.backlog', priority: 'low', backlog: true },
    ]);
    expect(lanes.find((l) => l.jobType === 'processing.clips')?.queue).toBe(
      't1.jobs.processing.high',
    );
    expect(new Set(lanes.map((l) => l.jobType)).size * 5).toBe(lanes.length);
  });
});
