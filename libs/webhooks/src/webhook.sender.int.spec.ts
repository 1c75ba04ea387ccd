import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { allowedHostsOf } from './callback-url.policy';
import { sendWebhook, type WebhookRequest } from './webhook.sender';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

/** A local receiver whose answer each test chooses; it counts what reached it. */
class Receiver {
  readonly hits: { headers: IncomingMessage['headers']; body: string }[] = [];
  handler: Handler = (_req, res) => res.writeHead(204).end();
  private server: Server | undefined;

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        this.hits.push({ headers: req.headers, body });
        this.handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => this.server?.close(() => resolve()));
  }
}

describe('sendWebhook', () => {
  const receiver = new Receiver();
  const other = new Receiver();
  let port = 0;
  let otherPort = 0;

  beforeAll(async () => {
    port = await receiver.start();
    otherPort = await other.start();
  });

  afterAll(async () => {
    await receiver.stop();
    await other.stop();
  });

  beforeEach(() => {
    receiver.hits.length = 0;
    other.hits.length = 0;
  });

  const request = (url: string, allowed: string[] = ['127.0.0.1']): WebhookRequest => ({
    url,
    body: '{"id":"j1"}',
    headers: { 'content-type': 'application/json', 'jobmill-signature': 't=1,v1=00' },
    timeoutMs: 1000,
    allowedHosts: allowedHostsOf(allowed),
  });

  it('POSTs the body and headers to an allowed host and reports a 2xx as delivered', async () => {
    receiver.handler = (_req, res) => res.writeHead(204).end();
    await expect(sendWebhook(request(`http://127.0.0.1:${port}/hook`))).resolves.toEqual({
      ok: true,
      statusCode: 204,
    });
    expect(receiver.hits).toMatchObject([
      { body: '{"id":"j1"}', headers: { 'jobmill-signature': 't=1,v1=00' } },
    ]);
  });

  it('reports another status as a retryable failure', async () => {
    receiver.handler = (_req, res) => res.writeHead(500).end('boom');
    await expect(sendWebhook(request(`http://127.0.0.1:${port}/`))).resolves.toMatchObject({
      ok: false,
      statusCode: 500,
      code: 'WEBHOOK_HTTP_STATUS',
      retryable: true,
    });
  });

  it('refuses a loopback IP that is not allowed without connecting', async () => {
    await expect(sendWebhook(request(`http://127.0.0.1:${port}/`, []))).resolves.toMatchObject({
      ok: false,
      code: 'WEBHOOK_ADDRESS_REFUSED',
      retryable: false,
    });
    expect(receiver.hits).toEqual([]);
  });

  it('refuses a name that resolves to a loopback address (checked at lookup and on connect)', async () => {
    await expect(sendWebhook(request(`http://localhost:${port}/`, []))).resolves.toMatchObject({
      ok: false,
      code: 'WEBHOOK_ADDRESS_REFUSED',
    });
    expect(receiver.hits).toEqual([]);
  });

  it('follows no redirect: a 3xx is a failed attempt and its target is never reached', async () => {
    receiver.handler = (_req, res) =>
      res.writeHead(307, { location: `http://localhost:${otherPort}/` }).end();
    await expect(sendWebhook(request(`http://127.0.0.1:${port}/`))).resolves.toMatchObject({
      ok: false,
      statusCode: 307,
      code: 'WEBHOOK_REDIRECT',
    });
    expect(other.hits).toEqual([]);
  });

  it('gives up after the timeout', async () => {
    receiver.handler = () => undefined;
    const started = Date.now();
    await expect(sendWebhook(request(`http://127.0.0.1:${port}/`))).resolves.toMatchObject({
      ok: false,
      code: 'WEBHOOK_TIMEOUT',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
