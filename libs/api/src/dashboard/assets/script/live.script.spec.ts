import { createContext, Script } from 'node:vm';
import { LIVE_SCRIPT } from './live.script';

interface Message {
  id: string | null;
  name: string;
  data: string;
}
const context = createContext({}) as {
  parseSse?: (text: string, onEvent: (m: Message) => void) => string;
};
new Script(LIVE_SCRIPT).runInContext(context);

const parse = (text: string): { events: Message[]; rest: string } => {
  const events: Message[] = [];
  const rest = context.parseSse?.(text, (m) => events.push(m)) ?? '';
  return { events, rest };
};

describe("the dashboard's event-stream parser", () => {
  it('reads id, event and data, skips comments, and keeps an unfinished event for later', () => {
    const { events, rest } = parse(
      ': ok\n\nid: e1\nevent: queued\ndata: {"jobId":"j"}\n\n: heartbeat\n\nid: e2\nevent: started\ndata: {"jo',
    );
    expect(events).toEqual([{ id: 'e1', name: 'queued', data: '{"jobId":"j"}' }]);
    expect(rest).toBe('id: e2\nevent: started\ndata: {"jo');
    expect(parse(`${rest}bId":"j"}\n\n`).events).toEqual([
      { id: 'e2', name: 'started', data: '{"jobId":"j"}' },
    ]);
  });

  it('joins multi-line data and names an unnamed event "message"', () => {
    expect(parse('data: a\ndata:b\n\n').events).toEqual([
      { id: null, name: 'message', data: 'a\nb' },
    ]);
  });
});
