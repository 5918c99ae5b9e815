/** `relay migrate`: applies pending migrations to the configured store (DATABASE_URL, else the SQLite file) and prints its version. */
import { loadConfig } from '../../config/config.ts';
import { openStore } from '../../store/openStore.ts';
import type { CommandDefinition } from '../commandDefinition.ts';

export const migrate: CommandDefinition = {
  name: 'migrate',
  summary: 'Apply pending storage migrations (PostgreSQL with DATABASE_URL, else the SQLite file; creates it) and print the schema version',
  async run({ out, env }) {
    const config = loadConfig(env);
    // openStore migrates (under a lock, so running this while relays start is safe).
    const store = await openStore(config);
    try {
      const where = store.kind === 'sqlite' ? config.dataDir : 'DATABASE_URL';
      out.line(`${store.kind} store (${where}) at schema version ${await store.schemaVersion()}`);
    } finally {
      await store.close();
    }
  },
};
