import { commandRoutingKey, priorityOf } from '@jobmill/contracts';
import { attemptCommand, type RecordedAttempt } from './attempt-command.factory';

const recorded = (over: Partial<RecordedAttempt> = {}): RecordedAttempt => ({
  jobId: '6f1c2a53-9d0e-4b43-a7a4-3f1f2b2c9e11',
  tenant: 'acme',
  type: 'system.ping',
  input: { durationMs: 1 },
  maxAttempts: null,
  priority: 'normal',
  attempt: 1,
  source: '/test',
  ...over,
});

// The sweeper and a manual retry issue a recorded job's command again: it must wait in the
// job's own lane, and a normal one must look as a normal submission does (no priority field).
describe('attemptCommand', () => {
  it('carries a recorded high or low priority, and leaves normal out', () => {
    expect(attemptCommand(recorded({ priority: 'high' })).data.priority).toBe('high');
    expect(attemptCommand(recorded({ priority: 'low', attempt: 2 })).data.priority).toBe('low');
    expect(attemptCommand(recorded()).data).not.toHaveProperty('priority');
  });

  it('goes to its lane: the routing key follows the priority it carries', () => {
    const command = attemptCommand(recorded({ priority: 'high' }));
    expect(commandRoutingKey('system.ping', priorityOf(command.data))).toBe('system.ping.high');
  });
});
