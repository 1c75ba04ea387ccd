import { Writable } from 'node:stream';
import { corkWritesPerTurn } from './turn-corked-socket';

/** A writable that records how its chunks reached it: each entry is one underlying write. */
function recordingStream(): { stream: Writable; writes: string[][] } {
  const writes: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map(({ chunk }) => (chunk as Buffer).toString()));
      done();
    },
  });
  return { stream, writes };
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('corkWritesPerTurn', () => {
  it("sends a turn's writes as one writev, in order, and the next turn's as another", async () => {
    const { stream, writes } = recordingStream();
    expect(corkWritesPerTurn({ stream })).toBe(true);
    stream.write('publish 1');
    stream.write('publish 2');
    stream.write('ack');
    expect(writes).toEqual([]);
    await nextTurn();
    stream.write('publish 3');
    await nextTurn();
    expect(writes).toEqual([['publish 1', 'publish 2', 'ack'], ['publish 3']]);
  });

  it('without it, each write is its own', async () => {
    const { stream, writes } = recordingStream();
    stream.write('a');
    stream.write('b');
    await nextTurn();
    expect(writes.length).toBeGreaterThan(1);
  });

  it('wraps a socket once, and says so when there is no socket to wrap', async () => {
    const { stream, writes } = recordingStream();
    corkWritesPerTurn({ stream });
    corkWritesPerTurn({ stream });
    stream.write('x');
    stream.write('y');
    await nextTurn();
    expect(writes).toEqual([['x', 'y']]);
    expect(corkWritesPerTurn({})).toBe(false);
    expect(corkWritesPerTurn(undefined)).toBe(false);
  });
});
