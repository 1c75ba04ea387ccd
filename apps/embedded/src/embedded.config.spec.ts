import { readEmbeddedConfig } from './embedded.config';

describe('readEmbeddedConfig', () => {
  const saved = process.env['DATABASE_URL'];
  afterEach(() => {
    if (saved === undefined) delete process.env['DATABASE_URL'];
    else process.env['DATABASE_URL'] = saved;
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
