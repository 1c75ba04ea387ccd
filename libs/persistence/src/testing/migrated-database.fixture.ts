import type { DataSource } from 'typeorm';
import { openDatabase } from '../data-source/open-database';
import { createTestDatabase, type TestDatabase } from './test-database';

/** A spec file's own migrated database; `ds` is set once beforeAll has run. */
export interface MigratedDatabase {
  readonly ds: DataSource;
}

/** Registers beforeAll/afterAll that open a fresh migrated database and drop it afterwards. */
export function useMigratedDatabase(): MigratedDatabase {
  const fixture = {} as { ds: DataSource; db: TestDatabase };
  beforeAll(async () => {
    fixture.db = await createTestDatabase();
    fixture.ds = await openDatabase(fixture.db.options);
  });
  afterAll(async () => {
    await fixture.ds?.destroy();
    await fixture.db?.drop();
  });
  return fixture;
}
