import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One span as an OTLP/HTTP JSON export carried it, with its service's name. */
export interface ReceivedSpan {
  readonly service: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** OTLP's SpanKind: 2 server, 3 client, 4 producer, 5 consumer. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly statusCode: number;
  /** The span's W3C tracestate, if its context has one. */
  readonly traceState: string | undefined;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  traceState?: string;
  attributes?: OtlpAttribute[];
  status?: { code?: number };
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{ spans?: OtlpSpan[] }>;
  }>;
}

const valueOf = (v: OtlpValue): unknown =>
  v.stringValue ??
  (v.intValue === undefined ? undefined : Number(v.intValue)) ??
  v.boolValue ??
  v.doubleValue;

const attributesOf = (list: OtlpAttribute[] = []): Record<string, unknown> =>
  Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** OTLP JSON ids are hex; base64 (protobuf's JSON mapping) is turned into hex too. */
const hexOf = (id: string | undefined): string | undefined => {
  if (!id) return undefined;
  return /^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex');
};

/**
 * A tiny OTLP/HTTP receiver (JSON bodies, as the services export them) on 127.0.0.1: what an
 * OpenTelemetry collector would take on :4318/v1/traces, kept in memory for assertions.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  /** Bodies it could not read (a test expects none). */
  readonly refused: string[] = [];
  private server: Server | undefined;
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const ok = req.method === 'POST' && req.url === '/v1/traces' && this.take(body);
        res
          .writeHead(ok ? 200 : 400, { 'content-type': 'application/json' })
          .end(ok ? '{}' : '{"error":"not an OTLP JSON trace export"}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The base URL, as OTEL_EXPORTER_OTLP_ENDPOINT takes it. */
  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The spans of one trace. */
  trace(traceId: string): ReceivedSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  stop(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private take(body: string): boolean {
    let parsed: OtlpExport;
    try {
      parsed = JSON.parse(body) as OtlpExport;
    } catch {
      this.refused.push(body.slice(0, 200));
      return false;
    }
    for (const resourceSpans of parsed.resourceSpans ?? []) {
      const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name']);
      for (const scope of resourceSpans.scopeSpans ?? [])
        this.spans.push(...(scope.spans ?? []).map((span) => receivedSpan(service, span)));
    }
    return true;
  }
}

function receivedSpan(service: string, span: OtlpSpan): ReceivedSpan {
  return {
    service,
    traceId: hexOf(span.traceId) ?? '',
    spanId: hexOf(span.spanId) ?? '',
    parentSpanId: hexOf(span.parentSpanId),
    name: span.name,
    kind: span.kind,
    attributes: attributesOf(span.attributes),
    statusCode: span.status?.code ?? 0,
    traceState: span.traceState || undefined,
  };
}
