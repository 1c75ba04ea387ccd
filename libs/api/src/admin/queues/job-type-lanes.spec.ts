import { topologyNames } from '@jobmill/contracts';
import { jobTypeLanes } from './job-type-lanes';

describe('job type lanes', () => {
  it("lists every job type's three lanes, in its queue", () => {
    const lanes = jobTypeLanes(topologyNames('t1.'));
    expect(lanes.filter((l) => l.jobType === 'system.ping')).toEqual([
      { jobType: 'system.ping', queue: 't1.jobs.detection.high', priority: 'high' },
      { jobType: 'system.ping', queue: 't1.jobs.detection', priority: 'normal' },
      { jobType: 'system.ping', queue: 't1.jobs.detection.low', priority: 'low' },
    ]);
    expect(lanes.find((l) => l.jobType === 'processing.clips')?.queue).toBe(
      't1.jobs.processing.high',
    );
    expect(new Set(lanes.map((l) => l.jobType)).size * 3).toBe(lanes.length);
  });
});
