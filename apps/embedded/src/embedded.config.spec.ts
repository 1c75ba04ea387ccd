import { readEmbeddedConfig } from './embedded.config';

describe('readEmbeddedConfig', () => {
  const saved = process.env['DATABASE_URL'];
  afterEach(() => {
    if (saved === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = saved;
    delete process.env['EMBEDDED_SHARED_BUFFERS_MB'];
  });

  it("gives the embedded engine 32 MB of shared buffers unless told, and refuses what it can't hold", () => {
    expect(readEmbeddedConfig().sharedBuffersMb).toBe(32);
    process.env['EMBEDDED_SHARED_BUFFERS_MB'] = '128';
    expect(readEmbeddedConfig().sharedBuffersMb).toBe(128);
    for (const bad of ['0', '4096', '32MB']) {
      process.env['EMBEDDED_SHARED_BUFFERS_MB'] = bad;
      expect(() => readEmbeddedConfig()).toThrow(/EMBEDDED_SHARED_BUFFERS_MB/);
    }
  });

  it('has the table upkeep vacuum its own engine, which runs no autovacuum', () => {
    delete process.env['DATABASE_URL'];
    expect(readEmbeddedConfig().status.tableUpkeep.engineWithoutAutovacuum).toBe(true);
  });

  it("leaves a server's autovacuum to the server's own setting", () => {
    process.env['DATABASE_URL'] = 'postgres://jobmill@localhost:5432/jobmill';
    expect(readEmbeddedConfig().status.tableUpkeep.engineWithoutAutovacuum).toBe(false);
  });
});
