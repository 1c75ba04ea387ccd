import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the broker that can be told to hold: from then on, what its clients
 * send is swallowed (counted, never forwarded), while the broker's side still reaches them. A
 * process behind it that publishes believes it did and waits for a confirm that cannot come:
 * the moment between "recorded" and "published", held open for as long as a test needs, without
 * touching the shared broker.
 */
export class HoldingProxy {
  private holding = false;
  private swallowed = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  /** Listens on a free local port and forwards each connection to `target`. */
  static async start(target: { host: string; port: number }): Promise<HoldingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy has no port');
    const proxy = new HoldingProxy(server, address.port);
    server.on('connection', (client: Socket) => proxy.relay(client, target));
    return proxy;
  }

  /** `url` (an AMQP URL) with its host and port replaced by the proxy's. */
  urlFor(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** From now on, nothing clients send reaches the broker. */
  hold(): void {
    this.holding = true;
  }

  /** Bytes clients sent since `hold`, all dropped. */
  get swallowedBytes(): number {
    return this.swallowed;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket, target: { host: string; port: number }): void {
    const broker = createConnection(target);
    for (const socket of [client, broker]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        // One side gone: end the other without forwarding anything still held.
        client.destroy();
        broker.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      if (this.holding) this.swallowed += chunk.length;
      else broker.write(chunk);
    });
    broker.on('data', (chunk: Buffer) => client.write(chunk));
  }
}
