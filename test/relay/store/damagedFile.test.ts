/** A relay.db with damaged pages is refused at start with what to do, instead of serving from it. */
import fs from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { SqliteStore } from '../../../relay/src/store/sqlite/sqliteStore.ts';
import { startTestRelay, tempDir } from '../../support/testRelay.ts';
import { spawnRelayProcess } from '../../support/relayProcess.ts';

it('refuses to start on a relay.db with damaged pages, saying what to do', async () => {
  const dataDir = tempDir();
  const relay = await startTestRelay({}, { dataDir });
  for (let id = 0; id < 300; id++) await relay.ingest('payment_received', { payment_id: id, filler: 'x'.repeat(500) });
  await relay.stop();
  const file = path.join(dataDir, 'relay.db');
  // Overwrite pages in the middle of the file (not the header: that would make it "not a database" instead).
  const handle = fs.openSync(file, 'r+');
  fs.writeSync(handle, Buffer.alloc(4096 * 4, 0x5a), 0, 4096 * 4, 4096 * 3);
  fs.closeSync(handle);

  expect(() => SqliteStore.inDataDir(dataDir)).toThrow(/relay\.db is damaged .*restore the file from a backup/);
  const started = spawnRelayProcess({ RELAY_DATA_DIR: dataDir }, 20_000);
  await expect(started).rejects.toThrow(/exited \([1-9]\d*\) before starting[\s\S]*relay\.db is damaged/);
});
