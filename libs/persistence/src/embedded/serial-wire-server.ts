import { createServer, type Server, type Socket } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketHandler, type PGLiteSocketHandlerOptions } from '@electric-sql/pglite-socket';
import type { ListenAddress } from './socket-address';

/** The extended protocol's Sync: ends whatever a departed client left half-sent. */
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);

/**
 * Serves PGlite over the PostgreSQL wire protocol to one connection at a time; the next ones
 * wait their turn. PGlite is a single session, so concurrent connections would interleave
 * their extended-protocol messages (pglite-socket's multiplexer does), and pglite-socket's own
 * one-connection server refuses a connection that arrives while the last one is still closing.
 * Its handler still does the protocol framing. Between connections the session is reset
 * (Sync, ROLLBACK, DISCARD ALL), so that each starts as on a fresh backend.
 */
export class SerialWireServer {
  private readonly server: Server;
  private readonly waiting: Socket[] = [];
  private active: PGLiteSocketHandler | undefined;
  private closed = false;

  constructor(private readonly db: PGlite) {
    this.server = createServer((socket) => this.admit(socket));
  }

  /** Starts listening; resolves with the TCP port bound (0 for a Unix socket). */
  async listen(address: ListenAddress): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      const listening = () => {
        this.server.off('error', reject);
        resolve();
      };
      if ('path' in address) this.server.listen(address.path, listening);
      else this.server.listen(address.port, address.host, listening);
    });
    const bound = this.server.address();
    return typeof bound === 'object' && bound !== null ? bound.port : 0;
  }

  /** Ends every connection, waiting or served, and stops listening. */
  async close(): Promise<void> {
    this.closed = true;
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.waiting.splice(0)) socket.destroy();
    const active = this.active;
    this.active = undefined;
    if (active) {
      await active.detach(true);
      await this.reset();
    }
    await stopped;
  }

  private admit(socket: Socket): void {
    // A client may give up while it waits; its socket must not take a turn or throw.
    socket.on('error', () => undefined);
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.waiting.push(socket);
    this.serveNext();
  }

  private serveNext(): void {
    if (this.active || this.closed) return;
    const socket = this.waiting.shift();
    if (!socket) return;
    if (socket.destroyed) return this.serveNext();
    const handler = new PGLiteSocketHandler({ queryQueue: this.session(), closeOnDetach: true });
    this.active = handler;
    const finished = () => {
      if (this.active !== handler) return;
      this.active = undefined;
      void this.reset().finally(() => this.serveNext());
    };
    handler.addEventListener('close', finished);
    handler.addEventListener('error', finished);
    void handler.attach(socket);
  }

  /** Ready the session for the next client: what the last one left open is undone. */
  private async reset(): Promise<void> {
    if (this.db.closed) return;
    try {
      await this.db.runExclusive(async () => {
        await this.db.execProtocolRaw(SYNC);
      });
      if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
      await this.db.exec('DISCARD ALL');
    } catch {
      // A session PGlite cannot reset is one the next statement will report on.
    }
  }

  /**
   * What the handler hands each protocol message to: straight into PGlite, in arrival order
   * (PGlite's mutex is first come, first served). Only one handler is ever attached.
   */
  private session(): PGLiteSocketHandlerOptions['queryQueue'] {
    const session = {
      enqueue: async (_handler: number, message: Uint8Array, onData: (d: Uint8Array) => void) => {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(message, { onRawData: onData }),
        );
        return message.length;
      },
      clearQueueForHandler: () => undefined,
      clearTransactionIfNeeded: async () => undefined,
      getQueueLength: () => 0,
    };
    // The handler's type names pglite-socket's internal queue class; these are the methods it calls.
    return session as unknown as PGLiteSocketHandlerOptions['queryQueue'];
  }
}
