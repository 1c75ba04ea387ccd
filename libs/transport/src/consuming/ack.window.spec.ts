import type { Channel, Message } from 'amqplib';
import { AckWindow } from './ack.window';

const msg = (deliveryTag: number) => ({ fields: { deliveryTag } }) as unknown as Message;

describe('AckWindow', () => {
  it('acks a settled prefix with one multiple ack and the rest one by one', () => {
    const frames: string[] = [];
    const channel = {
      ack: (m: Message, multiple?: boolean) =>
        frames.push(`ack ${m.fields.deliveryTag}${multiple ? '+' : ''}`),
      reject: (m: Message) => frames.push(`reject ${m.fields.deliveryTag}`),
    } as unknown as Channel;
    const w = new AckWindow(channel);
    const [m1, m2, m3, m4, m5] = [1, 2, 3, 4, 5].map(msg) as [
      Message,
      Message,
      Message,
      Message,
      Message,
    ];
    for (const m of [m1, m2, m3, m4, m5]) w.delivered(m);
    w.ack(m2);
    w.ack(m1);
    w.reject(m3, true);
    w.ack(m5); // m4 still running: m5 must not wait for it
    w.flush();
    expect(frames).toEqual(['reject 3', 'ack 2+', 'ack 5']);
    w.ack(m4);
    w.flush();
    expect(frames).toEqual(['reject 3', 'ack 2+', 'ack 5', 'ack 4+']);
  });
});
