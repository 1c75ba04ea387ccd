import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * A statement the stores run over and over with the same text: prepared once per connection
 * (a named statement) instead of parsed and planned at every run. Its name is derived from its
 * text, so two texts never share one and a changed text is a new statement.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

/** Marks `text` (a module constant, never built per call) to be prepared once per connection. */
export function prepared(text: string): PreparedStatement {
  return { name: `jobmill_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`, text };
}

// Keyed by data source, as the SQL observers are: embedded mode and tests open several.
const unprepared = new WeakSet<DataSource>();

/** Runs this data source's prepared statements unnamed (a pooler that cannot keep them). */
export function withoutPreparedStatements(dataSource: DataSource): void {
  unprepared.add(dataSource);
}

/** Whether this data source prepares the statements marked `prepared`. */
export function preparesStatements(dataSource: DataSource): boolean {
  return !unprepared.has(dataSource);
}
