import { startChild } from './childProcess.ts';
import { LoadGenerator } from './loadGenerator.ts';
const child = await startChild<{ url: string }>('baselines/honoCeiling.ts', { RELAY_INGEST_TOKEN: 'it_x' }, ['--cpu-prof', '--cpu-prof-dir=/tmp/i27ceilprof']);
const load = new LoadGenerator(`${child.ready.url}/ingest/it_x/payment_received`, 50);
await load.forDuration(2000);
const r = await load.forDuration(8000);
console.log(r.acks.length / r.seconds, 'ev/s');
load.close();
await child.stop(5000);
