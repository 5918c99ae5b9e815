/** `relay copy-sqlite-to-postgres`: moves an embedded store's data into an empty PostgreSQL database. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/config.ts';
import { findRunningRelay } from '../../store/sqlite/dataDirLock.ts';
import { sqliteFileName } from '../../store/sqlite/sqliteStore.ts';
import { CliError, usageError } from '../cliError.ts';
import { stringOption, type CommandDefinition } from '../commandDefinition.ts';

export const copyToPostgres: CommandDefinition = {
  name: 'copy-sqlite-to-postgres',
  summary: 'Copy the SQLite store into an empty PostgreSQL database (stop the relay first)',
  options: {
    from: { type: 'string', valueName: 'relay.db', description: 'the SQLite file (default: RELAY_DATA_DIR/relay.db)' },
    to: { type: 'string', valueName: 'postgres://…', description: 'the PostgreSQL database (default: DATABASE_URL)' },
    schema: { type: 'string', valueName: 'name', description: 'a schema in that database (default: public)' },
  },
  examples: ['relay copy-sqlite-to-postgres --from ./data/relay.db --to postgres://relay@db.internal/relay'],
  async run({ values, out, env }) {
    const config = loadConfig({ ...env, DATABASE_URL: stringOption(values, 'to') ?? env.DATABASE_URL });
    const fromOption = stringOption(values, 'from');
    const from = fromOption ? path.resolve(fromOption) : path.join(config.dataDir, sqliteFileName);
    const to = config.databaseUrl;
    if (!to) throw usageError('say where to copy to: --to postgres://user@host/db (or set DATABASE_URL)');
    if (!fs.existsSync(from)) throw usageError(`no SQLite store at ${from} (use --from path/to/relay.db)`);
    // A live relay keeps writing: the copy would miss what comes after it, and both stores would take events.
    const running = findRunningRelay(path.dirname(from));
    if (running) {
      throw new CliError(`a relay (pid ${running.pid}${running.url ? `, ${running.url}` : ''}) is running on ${path.dirname(from)}: stop it first, then copy`);
    }
    // Loaded only here: a relay that never moves up does not need pg loaded.
    const { copySqliteToPostgres, CopyRefusedError } = await import('../../store/postgres/copyFromSqlite.ts');
    try {
      const copied = await copySqliteToPostgres({ from, to, schema: stringOption(values, 'schema') });
      out.line(`Copied ${from} into PostgreSQL:\n${Object.entries(copied).map(([table, rows]) => `  ${table.padEnd(20)} ${rows}`).join('\n')}`);
      out.line('Now start the relay with DATABASE_URL set to the same URL.');
    } catch (error) {
      if (error instanceof CopyRefusedError) throw new CliError(error.message);
      throw error;
    }
  },
};
