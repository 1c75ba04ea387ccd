import { commandRoutingKey, laneBindings } from '../topology/topology-names';
import { laneQueueName, priorityOf, priorityRank } from './job-priority';

describe('job priorities', () => {
  it('keeps normal keys and queue names as they were, and suffixes the other lanes', () => {
    expect(commandRoutingKey('detection.vad')).toBe('detection.vad');
    expect(commandRoutingKey('detection.vad', 'normal')).toBe('detection.vad');
    expect(commandRoutingKey('detection.vad', 'high')).toBe('detection.vad.high');
    expect(commandRoutingKey('system.ping', 'low')).toBe('system.ping.low');
    expect(laneQueueName('jobs.detection', 'normal')).toBe('jobs.detection');
    expect(laneQueueName('jobs.detection', 'high')).toBe('jobs.detection.high');
    expect(laneBindings(['detection.*', 'system.*'], 'low')).toEqual([
      'detection.*.low',
      'system.*.low',
    ]);
  });

  it('reads a command data priority, normal by default, and ranks high first', () => {
    expect(priorityOf({ priority: 'high' })).toBe('high');
    expect(priorityOf({})).toBe('normal');
    expect(priorityOf(undefined)).toBe('normal');
    expect([priorityRank('high'), priorityRank('normal'), priorityRank('low')]).toEqual([0, 1, 2]);
  });
});
