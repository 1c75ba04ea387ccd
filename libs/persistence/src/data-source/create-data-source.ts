import * as pg from 'pg';
import type { ClientBase } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations/migrations';
import type { DatabaseOptions } from './database-options';
import { InvalidDatabaseOptionsError } from './invalid-database-options.error';
import { observeSql } from '../shared/sql-observer.port';
import { withoutPreparedStatements } from '../shared/prepared-statement';
import { PipelinedConnectionPool } from './pipelined-connection.pool';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** A data source for the read model (not yet initialised); tables are never synchronised. */
export function createDataSource(options: DatabaseOptions): DataSource {
  const { url, schema, poolSize = 10, applicationName = 'jobmill' } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new InvalidDatabaseOptionsError(`Invalid schema name "${schema}"`);
  }
  if (!Number.isInteger(poolSize) || poolSize < 1) {
    throw new InvalidDatabaseOptionsError(`Invalid pool size ${poolSize}`);
  }
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    applicationName,
    poolSize,
    connectTimeoutMS: options.connectTimeoutMs ?? 5000,
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    logging: false,
    ...(options.pipelined ? { driver: { ...pg, Pool: PipelinedConnectionPool } } : {}),
    ...(schema === undefined ? {} : { schema }),
    extra: {
      ...(options.idleTimeoutMs === undefined ? {} : { idleTimeoutMillis: options.idleTimeoutMs }),
      // Our SQL names tables unqualified, so the schema goes on every connection's search_path:
      // set once connected, as the embedded engine (PGlite) ignores startup parameters.
      ...(schema === undefined ? {} : { onConnect: setSearchPath(schema) }),
    },
  });
  return withStatementOptions(dataSource, options);
}

/** How `runSql` treats this data source's statements: who is told of them, which are prepared. */
function withStatementOptions(dataSource: DataSource, options: DatabaseOptions): DataSource {
  if (options.observer) observeSql(dataSource, options.observer);
  if (options.preparedStatements === false) withoutPreparedStatements(dataSource);
  return dataSource;
}

const setSearchPath =
  (schema: string) =>
  async (client: ClientBase): Promise<void> => {
    await client.query(`SET search_path TO "${schema}", public`);
  };
