/** Prepared statements of one SQLite connection, shared by the store's parts. */
import type Database from 'better-sqlite3';

export type Statements = (text: string) => Database.Statement;

/** Prepared once per SQL text: preparing is the costly part of a small query. */
export function statements(db: Database.Database): Statements {
  const prepared = new Map<string, Database.Statement>();
  return (text) => {
    let statement = prepared.get(text);
    if (!statement) {
      statement = db.prepare(text);
      prepared.set(text, statement);
    }
    return statement;
  };
}
