/** `relay copy-sqlite-to-postgres`: moves an embedded store's data into an empty PostgreSQL database. */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/config.ts';
import { sqliteFileName } from '../../store/sqlite/sqliteStore.ts';
import { CliError } from '../cliError.ts';
import { parseArgs } from '../options.ts';
import type { Command } from './index.ts';

export const copyToPostgres: Command = {
  summary: 'Copy the SQLite store into an empty PostgreSQL database: --from ./data/relay.db --to postgres://… (stop the relay first)',
  async run(args) {
    const { options } = parseArgs(args);
    const config = loadConfig();
    const from = typeof options.from === 'string' ? path.resolve(options.from) : path.join(config.dataDir, sqliteFileName);
    const to = typeof options.to === 'string' ? options.to : config.databaseUrl;
    if (!to) throw new CliError('say where to copy to: --to postgres://user@host/db (or set DATABASE_URL)', 2);
    if (!fs.existsSync(from)) throw new CliError(`no SQLite store at ${from} (use --from path/to/relay.db)`, 2);
    // Loaded only here: a relay that never moves up does not need pg loaded.
    const { copySqliteToPostgres, CopyRefusedError } = await import('../../store/postgres/copyFromSqlite.ts');
    try {
      const copied = await copySqliteToPostgres({ from, to, schema: typeof options.schema === 'string' ? options.schema : undefined });
      process.stdout.write(`Copied ${from} into PostgreSQL:\n${Object.entries(copied).map(([table, rows]) => `  ${table.padEnd(20)} ${rows}`).join('\n')}\n`);
      process.stdout.write('Now start the relay with DATABASE_URL set to the same URL.\n');
    } catch (error) {
      if (error instanceof CopyRefusedError) throw new CliError(error.message);
      throw error;
    }
  },
};
