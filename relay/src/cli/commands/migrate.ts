/** `relay migrate`: applies pending migrations to the configured store (DATABASE_URL, else the SQLite file) and prints its version. */
import { loadConfig } from '../../config/config.ts';
import { openStore } from '../../store/openStore.ts';
import type { Command } from './index.ts';

export const migrate: Command = {
  summary: 'Apply pending storage migrations (PostgreSQL with DATABASE_URL, else the SQLite file) and print the schema version',
  async run() {
    const config = loadConfig();
    // openStore migrates (under a lock, so running this while relays start is safe).
    const store = await openStore(config);
    try {
      const where = store.kind === 'sqlite' ? config.dataDir : 'DATABASE_URL';
      process.stdout.write(`${store.kind} store (${where}) at schema version ${await store.schemaVersion()}\n`);
    } finally {
      await store.close();
    }
  },
};
