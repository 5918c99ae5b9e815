import { postgresStoreFactory } from '../../support/storeFactories.ts';
import { describeDeliveryQueueContract } from './deliveryQueueContract.ts';
import { describeInspectorStoreContract } from './inspectorStoreContract.ts';
import { describeReportsContract } from './reportsContract.ts';
import { describeStoreContract } from './storeContract.ts';
import { describePacingContract } from './pacingContract.ts';

describeStoreContract('PostgreSQL', postgresStoreFactory());
describeDeliveryQueueContract('PostgreSQL', postgresStoreFactory());
describeReportsContract('PostgreSQL', postgresStoreFactory());
describeInspectorStoreContract('PostgreSQL', postgresStoreFactory());
describePacingContract('PostgreSQL', postgresStoreFactory());
