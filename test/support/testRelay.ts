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
    RELAY_ALLOW_PRIVATE_TARGETS: '1',
    RELAY_RETRY_SCHEDULE: '0,200ms,400ms,800ms',
    RELAY_RETRY_JITTER: '0',
    RELAY_REQUEST_TIMEOUT: '2s',
    RELAY_POLL_INTERVAL: '100ms',
    // Tests send many wrong keys on purpose from one address; keyGuessing.test.ts sets its own limit.
    RELAY_MAX_AUTH_FAILURES_PER_MINUTE: '100000',
    ...env,
  });
  const logs: string[] = [];
  const relay = await startRelay(config, { log: createLogger('debug', (line) => logs.push(line)), store: options.store });
  const url = relay.url!;
  const api = (pathname: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    if (!headers.has('authorization')) headers.set('authorization', `Bearer ${relay.keys.apiKey}`);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('content-type', 'application/json');
      body = JSON.stringify(init.json);
    }
    return fetch(url + pathname, { ...init, headers, body });
  };
  const ingest = (slug: string, payload: unknown) =>
    fetch(`${url}/ingest/${relay.keys.ingestToken}/${slug}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'WordPress/6.8; https://network.example' },
      body: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  return { ...relay, url, dataDir, api, ingest, logs };
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
