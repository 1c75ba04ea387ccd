import { readFile } from 'node:fs/promises';
import { spawnEmbedded, startEmbedded } from './support/embedded-process';
import { listeningAddresses } from './support/listen-address';
import {
  exitOf,
  spawnApp,
  startService,
  stopService,
  type RunningService,
} from './support/platform-processes';
import {
  AMQP_URL,
  createEmbeddedEnvironment,
  createTestEnvironment,
  type EmbeddedEnvironment,
  type TestEnvironment,
} from './support/test-environment';
import { withDeadline } from './support/wait-for';

const DEMO_KEYS = 'demo:demo-key-123';

describe('safe defaults: loopback unless HOST says otherwise, no demo key on the network', () => {
  let embedded: EmbeddedEnvironment;
  let distributed: TestEnvironment;
  const started: RunningService[] = [];

  beforeAll(async () => {
    [embedded, distributed] = await Promise.all([
      createEmbeddedEnvironment(),
      createTestEnvironment(),
    ]);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => stopService(s)));
  });
  afterAll(async () => {
    await Promise.all([embedded?.dispose(), distributed?.dispose()]);
  });

  /** The exit code of an app that should refuse to start, and its log. */
  const refusal = async (service: RunningService) => {
    started.push(service);
    const code = await withDeadline(exitOf(service), `${service.name} to exit`, 30_000);
    return { code, log: await readFile(service.logFile, 'utf8') };
  };

  it('embedded mode listens on 127.0.0.1 by default, even with the demo key, and says so', async () => {
    const app = await startEmbedded(embedded, { API_KEYS: DEMO_KEYS });
    started.push(app);
    expect(await listeningAddresses(app.port)).toEqual(['127.0.0.1']);
    const log = await readFile(app.logFile, 'utf8');
    expect(log).toContain(`Listening 127.0.0.1:${app.port} (this machine only`);
  });

  it('embedded mode refuses HOST=0.0.0.0 with the demo key: exit 1, a message naming both', async () => {
    const { code, log } = await refusal(
      await spawnEmbedded(embedded, { HOST: '0.0.0.0', API_KEYS: DEMO_KEYS }),
    );
    expect(code).toBe(1);
    expect(log).toMatch(/Invalid configuration: HOST=0\.0\.0\.0 .*demo key 'demo-key-123'/);
  });

  it('the api refuses a non-loopback HOST with API_KEYS unset (the demo default)', async () => {
    const vars = {
      AMQP_URL,
      DATABASE_URL: distributed.databaseUrl,
      TOPOLOGY_PREFIX: distributed.topologyPrefix,
      HOST: '0.0.0.0',
    };
    const { code, log } = await refusal(await spawnApp('api', vars, distributed.workDir));
    expect(code).toBe(1);
    expect(log).toContain('API_KEYS');
  });

  it('a start that exits is reported at once, with its log (not after the 60 s wait for ready)', async () => {
    const start = startService('api', distributed, { HOST: '0.0.0.0', API_KEYS: DEMO_KEYS });
    await expect(withDeadline(start, 'the refused start to be reported', 20_000)).rejects.toThrow(
      /api exited with 1 before it was ready[\s\S]*--- api log ---[\s\S]*demo key 'demo-key-123'/,
    );
  });

  it('embedded mode with its own keys listens where HOST says, and the banner tells', async () => {
    const app = await startEmbedded(embedded, { HOST: '0.0.0.0' });
    started.push(app);
    expect(await listeningAddresses(app.port)).toEqual(['0.0.0.0']);
    expect(await readFile(app.logFile, 'utf8')).toContain(
      `Listening 0.0.0.0:${app.port} (reachable from other machines)`,
    );
  });

  it('a worker binds 127.0.0.1 by default and HOST when set', async () => {
    const quiet = await startService('status', distributed);
    started.push(quiet);
    expect(await listeningAddresses(quiet.port)).toEqual(['127.0.0.1']);
    const open = await startService('status', distributed, { HOST: '0.0.0.0' });
    started.push(open);
    expect(await listeningAddresses(open.port)).toEqual(['0.0.0.0']);
  });
});
