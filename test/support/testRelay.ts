/** Starts a real relay on loopback for a test: its own temporary data dir, fast retries, private targets allowed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../relay/src/config/config.ts';
import { createLogger } from '../../relay/src/logger.ts';
import { startRelay, type RunningRelay } from '../../relay/src/startRelay.ts';
import type { Store } from '../../relay/src/store/store.ts';
import { afterAll, beforeAll } from 'vitest';
import { startReceiver, type Receiver, type Responder } from './receiver.ts';
import { relayRequests, testRelayDefaults } from './relayRequests.ts';

export interface TestRelay extends RunningRelay {
  url: string;
  dataDir: string;
  /** fetch against the relay with the API key. */
  api(pathname: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** POSTs as Ultimate Multisite does: /ingest/{token}/{slug} with the flat body. */
  ingest(slug: string, payload: unknown): Promise<Response>;
  logs: string[];
}

export function tempDir(prefix = 'relay-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function startTestRelay(env: Record<string, string> = {}, options: { dataDir?: string; store?: Store } = {}): Promise<TestRelay> {
  const dataDir = options.dataDir ?? tempDir();
  const config = loadConfig({
    PORT: '0',
    RELAY_HOST: '127.0.0.1',
    RELAY_DATA_DIR: dataDir,
    ...testRelayDefaults,
    RELAY_REQUEST_TIMEOUT: '2s',
    ...env,
  });
  const logs: string[] = [];
  const relay = await startRelay(config, { log: createLogger('debug', (line) => logs.push(line)), store: options.store });
  const url = relay.url!;
  return { ...relay, url, dataDir, ...relayRequests(url, relay.keys), logs };
}

/**
 * The set-up most suites share: one relay and one receiver for the whole file, stopped after it. Read them from
 * the returned object inside tests (they exist once beforeAll has run).
 */
export function relayAndReceiverForSuite(env: Record<string, string> = {}, answer?: Responder): { relay: TestRelay; receiver: Receiver } {
  const suite = {} as { relay: TestRelay; receiver: Receiver };
  beforeAll(async () => {
    [suite.relay, suite.receiver] = await Promise.all([startTestRelay(env), startReceiver(answer)]);
  });
  afterAll(async () => {
    await suite.relay?.stop();
    await suite.receiver?.close();
  });
  return suite;
}
