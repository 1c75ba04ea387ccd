import { eventRoutingKey, isEventRoutingKey } from './topology-names';

describe('isEventRoutingKey', () => {
  it("recognises an event's routing key by its name", () => {
    const key = eventRoutingKey('acme', 'detection.vad', 'started');
    expect(isEventRoutingKey(key, 'started')).toBe(true);
    expect(isEventRoutingKey(key, 'succeeded')).toBe(false);
  });

  it('does not take a command or a name that only ends the same', () => {
    expect(isEventRoutingKey('detection.vad', 'started')).toBe(false);
    expect(isEventRoutingKey('acme.detection.vad.restarted', 'started')).toBe(false);
  });
});
