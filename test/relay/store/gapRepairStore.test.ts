import { postgresStoreFactory, sqliteStoreFactory } from '../../support/storeFactories.ts';
import { describeGapRepairStoreContract } from './gapRepairStoreContract.ts';

describeGapRepairStoreContract('SQLite', sqliteStoreFactory());
describeGapRepairStoreContract('PostgreSQL', postgresStoreFactory({ poolSize: 2, listen: false }));
