import {
  createServer,
  type IncomingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got, as it arrived. */
export interface ReceivedWebhook {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** How the receiver answers a request: a status and maybe headers (e.g. a redirect's location). */
export type Answer = (hit: ReceivedWebhook) => { status: number; headers?: Record<string, string> };

/** A real HTTP receiver on 127.0.0.1 for system tests: records every request, answers as told. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  answer: Answer = () => ({ status: 200 });
  private server: Server | undefined;
  port = 0;

  /** Listens on a free port of 127.0.0.1. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.handle(req.url ?? '/', req.headers, Buffer.concat(chunks), res));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The URL of a path on this receiver. */
  url(path: string, host = '127.0.0.1'): string {
    return `http://${host}:${this.port}${path}`;
  }

  /** What arrived at one path, oldest first. */
  at(path: string): ReceivedWebhook[] {
    return this.received.filter((hit) => hit.path === path);
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(path: string, headers: IncomingHttpHeaders, body: Buffer, res: ServerResponse) {
    const hit = { path, headers, body: body.toString('utf8') };
    this.received.push(hit);
    const { status, headers: extra } = this.answer(hit);
    res.writeHead(status, extra).end();
  }
}
