import { Injectable, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { HealthModule } from './health.module';
import { ReadinessRegistry } from './readiness.registry';

interface Body {
  status: string;
  details: Record<string, { status: string; message?: string; [key: string]: unknown }>;
}

async function get(
  base: string,
  path: string,
): Promise<{ status: number; body: Body; cache: string | null }> {
  const res = await fetch(`${base}${path}`);
  return {
    status: res.status,
    body: (await res.json()) as Body,
    cache: res.headers.get('cache-control'),
  };
}

jest.setTimeout(30_000);

describe('HealthModule (HTTP)', () => {
  const state = { broker: true, db: true };
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    @Module({
      imports: [
        HealthModule.forRoot({
          timeoutMs: 1_000,
          indicators: [
            { name: 'rabbitmq', check: () => state.broker },
            {
              name: 'postgres',
              check: async () => {
                if (!state.db) throw new Error('connection refused');
              },
            },
          ],
        }),
      ],
    })
    class TestModule {}
    app = await NestFactory.create(TestModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers liveness with the event-loop delay, uncached', async () => {
    const live = await get(base, '/health/live');
    expect(live.status).toBe(200);
    expect(live.body.status).toBe('ok');
    const eventLoop = live.body.details['eventLoop'];
    expect(eventLoop?.status).toBe('up');
    for (const key of ['meanMs', 'p99Ms', 'maxMs', 'windowMs'])
      expect(typeof eventLoop?.[key]).toBe('number');
    expect(live.cache).toContain('no-store');
  });

  it('is ready only while every indicator is up, and says which one is down', async () => {
    expect((await get(base, '/health/ready')).status).toBe(200);

    state.broker = false;
    const brokerDown = await get(base, '/health/ready');
    expect(brokerDown.status).toBe(503);
    expect(brokerDown.body.status).toBe('error');
    expect(brokerDown.body.details['rabbitmq']).toMatchObject({
      status: 'down',
      message: 'rabbitmq is not ready',
    });
    expect(brokerDown.body.details['postgres']).toMatchObject({ status: 'up' });

    state.broker = true;
    state.db = false;
    const dbDown = await get(base, '/health/ready');
    expect(dbDown.status).toBe(503);
    expect(dbDown.body.details['postgres']).toMatchObject({
      status: 'down',
      message: 'connection refused',
    });

    state.db = true;
    expect((await get(base, '/health/ready')).status).toBe(200);
    expect((await get(base, '/health/live')).status).toBe(200);
  });

  it('marks a check that outlives its timeout as down, and aborts it', async () => {
    let aborted = false;
    const registry = app.get(ReadinessRegistry);
    registry.add({
      name: 'slow',
      timeoutMs: 100,
      check: ({ signal }) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    });
    try {
      const started = Date.now();
      const res = await get(base, '/health/ready');
      // Cut off at ~100 ms rather than hanging; loose bound for a loaded CI box.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(res.status).toBe(503);
      expect(res.body.details['slow']).toMatchObject({
        status: 'down',
        message: 'timeout of 100ms exceeded',
      });
      expect(aborted).toBe(true);
    } finally {
      registry.remove('slow');
    }
    expect((await get(base, '/health/ready')).status).toBe(200);
  });
});

describe('HealthModule.forRootAsync', () => {
  it('builds indicators from injected dependencies', async () => {
    @Injectable()
    class Broker {
      connected = false;
    }
    @Module({ providers: [Broker], exports: [Broker] })
    class BrokerModule {}
    @Module({
      imports: [
        HealthModule.forRootAsync({
          imports: [BrokerModule],
          inject: [Broker],
          useFactory: (broker: Broker) => ({
            indicators: [{ name: 'rabbitmq', check: () => broker.connected }],
          }),
        }),
      ],
    })
    class AsyncModule {}
    const app = await NestFactory.create(AsyncModule, { logger: false });
    try {
      await app.listen(0, '127.0.0.1');
      const base = await app.getUrl();
      expect((await get(base, '/health/ready')).status).toBe(503);
      app.get(Broker).connected = true;
      expect((await get(base, '/health/ready')).status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
