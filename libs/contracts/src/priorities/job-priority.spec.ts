import { commandRoutingKey, laneBindings } from '../topology/topology-names';
import {
  isBacklogRoutingKey,
  laneQueueName,
  priorityOf,
  priorityRank,
  slotRank,
} from './job-priority';

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

  it("names each normal and low lane's backlog lane; high has none", () => {
    expect(commandRoutingKey('detection.vad', 'normal', true)).toBe('detection.vad.backlog');
    expect(commandRoutingKey('system.ping', 'low', true)).toBe('system.ping.low.backlog');
    expect(commandRoutingKey('system.ping', 'high', true)).toBe('system.ping.high');
    expect(laneQueueName('jobs.processing', 'low', true)).toBe('jobs.processing.low.backlog');
    expect(laneBindings(['detection.*'], 'normal', true)).toEqual(['detection.*.backlog']);
    expect(isBacklogRoutingKey('detection.vad.low.backlog')).toBe(true);
    expect(isBacklogRoutingKey('detection.vad.low')).toBe(false);
  });

  it('ranks a backlog lane right after its priority, before the next priority', () => {
    const ranks = [
      slotRank('high'),
      slotRank('high', true),
      slotRank('normal'),
      slotRank('normal', true),
      slotRank('low'),
      slotRank('low', true),
    ];
    expect(ranks).toEqual([0, 0, 2, 3, 4, 5]);
  });
});
