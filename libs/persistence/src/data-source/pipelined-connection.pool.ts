import { EventEmitter } from 'node:events';
import { Client, type ClientConfig, type QueryConfig } from 'pg';

/** The options TypeORM hands a pool: a client's, plus pg-pool's `onConnect` (the search_path). */
export type PipelinedPoolOptions = ClientConfig & {
  readonly onConnect?: (connection: Client) => Promise<void> | void;
};

type ConnectCallback = (
  error: Error | undefined,
  client?: PipelinedClient,
  release?: (error?: Error) => void,
) => void;

// From such a statement until its client is released, the session is that client's alone.
const OPENS_TRANSACTION = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;

/**
 * A stand-in for pg-pool over one connection whose statements are pipelined (pg's `pipeline`
 * mode): each caller's statement is written as soon as it is asked for, so the server finds the
 * next one waiting when it finishes the last, instead of idling while the caller's thread reads
 * the result and writes the next. For a server that is one session (the embedded engine), where
 * a pool of one connection ran one statement per round trip. The clients it hands out share the
 * connection; one that opens a transaction has the session to itself until it is released.
 */
export class PipelinedConnectionPool extends EventEmitter {
  private connection: Promise<Client> | undefined;
  private readonly clients = new Set<PipelinedClient>();
  private owner: PipelinedClient | undefined;
  private readonly blocked: Array<() => void> = [];
  private ended = false;

  constructor(private readonly options: PipelinedPoolOptions) {
    super();
  }

  connect(): Promise<PipelinedClient>;
  connect(callback: ConnectCallback): void;
  connect(callback?: ConnectCallback): Promise<PipelinedClient> | void {
    const connected = this.open().then((connection) => {
      const client = new PipelinedClient(this, connection);
      this.clients.add(client);
      return client;
    });
    if (!callback) return connected;
    connected.then(
      (client) => callback(undefined, client, () => client.release()),
      (error: Error) => callback(error),
    );
  }

  /** pg-pool's one-off query: a client for one statement. */
  async query(config: string | QueryConfig, values?: unknown[]): Promise<unknown> {
    const client = await this.connect();
    try {
      return await client.query(config, values);
    } finally {
      client.release();
    }
  }

  async end(callback?: (error?: Error) => void): Promise<void> {
    this.ended = true;
    const connection = this.connection;
    this.connection = undefined;
    try {
      if (connection) await (await connection.catch(() => undefined))?.end();
      callback?.();
    } catch (error) {
      if (!callback) throw error;
      callback(error as Error);
    }
  }

  /**
   * Writes `client`'s statement once no other client holds the session. Statements run in the
   * order they are written, so those written before a transaction opens run before it: it need
   * not wait for them. There is no await between the check and the write.
   */
  async run<T>(client: PipelinedClient, statement: string, write: () => Promise<T>): Promise<T> {
    while (this.owner && this.owner !== client) {
      await new Promise<void>((wake) => this.blocked.push(wake));
    }
    if (OPENS_TRANSACTION.test(statement)) this.owner = client;
    return write();
  }

  /** The client is done: the session is no longer its own, if it was. */
  released(client: PipelinedClient): void {
    this.clients.delete(client);
    if (this.owner !== client) return;
    this.owner = undefined;
    for (const wake of this.blocked.splice(0)) wake();
  }

  private open(): Promise<Client> {
    if (this.ended) return Promise.reject(new Error('The pool has been ended'));
    if (this.connection) return this.connection;
    const { onConnect, ...config } = this.options;
    const connection = new Client({ ...config, pipeline: true });
    const opened = this.connectOnce(connection, onConnect, () => {
      // Lost or ended: the next caller connects again.
      if (this.connection === opened) this.connection = undefined;
    });
    this.connection = opened;
    return opened;
  }

  private async connectOnce(
    connection: Client,
    onConnect: PipelinedPoolOptions['onConnect'],
    forget: () => void,
  ): Promise<Client> {
    const lost = (error: Error): void => {
      forget();
      // The clients still out hear of it, as pg-pool's clients do.
      for (const client of this.clients)
        if (client.listenerCount('error') > 0) client.emit('error', error);
      if (this.listenerCount('error') > 0) this.emit('error', error);
    };
    connection.on('error', lost);
    connection.once('end', forget);
    try {
      await connection.connect();
      await onConnect?.(connection);
      return connection;
    } catch (error) {
      forget();
      connection.removeListener('error', lost);
      await connection.end().catch(() => undefined);
      throw error;
    }
  }
}

/** What the pool hands out: the part of pg-pool's client that TypeORM and runSql use. */
export class PipelinedClient extends EventEmitter {
  private done = false;

  constructor(
    private readonly pool: PipelinedConnectionPool,
    private readonly connection: Client,
  ) {
    super();
  }

  query(config: string | QueryConfig, values?: unknown[]): Promise<unknown> {
    if (this.done) return Promise.reject(new Error('This client was released to its pool'));
    const text = typeof config === 'string' ? config : config.text;
    return this.pool.run(this, text, () =>
      typeof config === 'string'
        ? this.connection.query(config, values)
        : this.connection.query(config, values),
    );
  }

  release(): void {
    if (this.done) return;
    this.done = true;
    this.pool.released(this);
  }
}
