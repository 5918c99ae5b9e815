import { postgresStoreFactory, sqliteStoreFactory } from '../../support/storeFactories.ts';
import { describeNetworkStoreContract } from './networkStoreContract.ts';

describeNetworkStoreContract('SQLite', sqliteStoreFactory());
describeNetworkStoreContract('PostgreSQL', postgresStoreFactory({ poolSize: 2, listen: false }));
