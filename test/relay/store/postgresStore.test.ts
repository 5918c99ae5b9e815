import { PostgresStore } from '../../../relay/src/store/postgres/postgresStore.ts';
import { dropSchema, newSchemaName, testDatabaseUrl } from '../../support/postgres.ts';
import { describeStoreContract } from './storeContract.ts';

describeStoreContract('PostgreSQL', {
  async create() {
    const store = new PostgresStore(testDatabaseUrl, { schema: newSchemaName(), poolSize: 4 });
    await store.migrate();
    return store;
  },
  async destroy(store) {
    await store.close();
    await dropSchema((store as PostgresStore).schema!);
  },
});
