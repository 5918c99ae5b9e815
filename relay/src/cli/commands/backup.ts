/** `relay backup --to file.db`: an online, consistent copy of the SQLite store, safe while the relay runs. */
import { loadConfig } from '../../config/config.ts';
import { BackupRefusedError, backupSqlite } from '../../store/sqlite/backupSqlite.ts';
import { CliError, usageError } from '../cliError.ts';
import { stringOption, type CommandDefinition } from '../commandDefinition.ts';

export const backup: CommandDefinition = {
  name: 'backup',
  summary: 'Copy the SQLite store to a file while the relay runs (online, consistent, checked); PostgreSQL: use pg_dump',
  options: { to: { type: 'string', valueName: 'file.db', description: 'where to write the copy (a new file)' } },
  examples: ['relay backup --to /var/backups/um-relay/relay-$(date +%F).db'],
  async run({ values, out, env }) {
    const to = stringOption(values, 'to');
    if (!to) throw usageError('say where to write the copy: relay backup --to /path/relay-backup.db');
    const config = loadConfig(env);
    if (config.databaseUrl) throw new CliError('this relay keeps its data in PostgreSQL (DATABASE_URL): back it up with pg_dump (see docs/deploy.md)');
    try {
      const copy = await backupSqlite(config.dataDir, to);
      out.line(`backed up ${config.dataDir} to ${copy.file} (${Math.ceil(copy.bytes / 1024)} KiB, ${copy.events} events, integrity ok)`);
    } catch (error) {
      if (error instanceof BackupRefusedError) throw new CliError(error.message);
      throw error;
    }
  },
};
