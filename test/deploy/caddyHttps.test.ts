/**
 * docs/deploy.md for real: the relay started as the systemd unit starts it (compiled by relay/build.ts, on the
 * project's Node), behind a real Caddy with the guide's Caddyfile, on loopback, Caddy's internal CA standing in for
 * Let's Encrypt. Then the walkthrough over HTTPS: the CLI subscribes a receiver (itself behind Caddy's HTTPS),
 * the plugin's ingest call arrives over HTTPS, and the signed delivery reaches the receiver over HTTPS.
 * Skipped, saying so, where Caddy is not installed (.ci/install-caddy installs Debian's package).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { repoRoot, runRelayCli } from '../support/relayCli.ts';
import { spawnRelayProcess, type RelayProcess } from '../support/relayProcess.ts';
import { tempDir } from '../support/testRelay.ts';

const caddyInstalled = spawnSync('caddy', ['version'], { encoding: 'utf8' }).status === 0;
const title = caddyInstalled
  ? 'deployment: the relay behind Caddy over HTTPS (docs/deploy.md)'
  : 'deployment behind Caddy — SKIPPED: caddy is not installed here (run .ci/install-caddy: apt-get install caddy)';
if (!caddyInstalled) console.warn(title);

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `check` until it returns true (expect.poll is for tests, not their setup). */
async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(explain());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The guide's Caddyfile block, with the test's host and ports. */
function guideCaddyfile(): string {
  const guide = fs.readFileSync(path.join(repoRoot, 'docs/deploy.md'), 'utf8');
  const block = /```caddyfile\n([\s\S]*?)```/.exec(guide)?.[1];
  if (!block) throw new Error('docs/deploy.md has no ```caddyfile block');
  return block;
}

/** The unit's ExecStart, to run the relay exactly as systemd would. */
function guideExecStart(): string {
  const guide = fs.readFileSync(path.join(repoRoot, 'docs/deploy.md'), 'utf8');
  return /^ExecStart=(.*)$/m.exec(guide)![1];
}

function httpsRequest(url: string, ca: Buffer, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: string; protocol: string }>((resolve, reject) => {
    const request = https.request(url, { method: init.method ?? 'GET', ca, headers: init.headers, agent: false }, (response) => {
      const protocol = (response.socket as TLSSocket).getProtocol() ?? '';
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body, protocol }));
    });
    request.on('error', reject);
    request.end(init.body);
  });
}

describe.skipIf(!caddyInstalled)(title, () => {
  const work = tempDir('relay-caddy-');
  let caddy: ChildProcess;
  let caddyLog = '';
  let relay: RelayProcess;
  let receiver: Receiver;
  let relayPublic: string;
  let receiverPublic: string;
  let ca: Buffer;
  let httpPort: number;

  beforeAll(async () => {
    const [relayPort, httpsPort, receiverHttpsPort] = [await freePort(), await freePort(), await freePort()];
    httpPort = await freePort();
    receiver = await startReceiver();
    relayPublic = `https://localhost:${httpsPort}`;
    receiverPublic = `https://localhost:${receiverHttpsPort}`;
    const site = guideCaddyfile().replace('relay.example.com', `localhost:${httpsPort}`).replace('127.0.0.1:8787', `127.0.0.1:${relayPort}`);
    const caddyfile = `{
\tadmin off
\tlocal_certs
\tskip_install_trust
\thttp_port ${httpPort}
\thttps_port ${httpsPort}
}

${site}
localhost:${receiverHttpsPort} {
\treverse_proxy ${new URL(receiver.url).host}
}
`;
    fs.writeFileSync(path.join(work, 'Caddyfile'), caddyfile);
    const caddyHome = { HOME: work, XDG_DATA_HOME: path.join(work, 'data'), XDG_CONFIG_HOME: path.join(work, 'config') };
    caddy = spawn('caddy', ['run', '--config', path.join(work, 'Caddyfile'), '--adapter', 'caddyfile'], { cwd: work, env: { ...process.env, ...caddyHome }, stdio: ['ignore', 'pipe', 'pipe'] });
    caddy.stdout!.on('data', (chunk: Buffer) => (caddyLog += chunk.toString('utf8')));
    caddy.stderr!.on('data', (chunk: Buffer) => (caddyLog += chunk.toString('utf8')));
    const rootCertificate = path.join(work, 'data/caddy/pki/authorities/local/root.crt');
    await waitUntil(() => fs.existsSync(rootCertificate), 20_000, () => `caddy did not create its CA:\n${caddyLog}`);
    ca = fs.readFileSync(rootCertificate);
    // Caddy serves TLS once its certificates are issued (502 until the relay listens).
    await waitUntil(() => httpsRequest(`${relayPublic}/healthz`, ca).then((response) => response.status === 502, () => false), 20_000, () => `caddy does not serve HTTPS:\n${caddyLog}`);

    // As the systemd unit: its ExecStart from the guide, with the environment file's settings.
    if (guideExecStart() !== '/opt/um-relay/node_modules/.bin/node dist/relay/src/cli/main.js start') throw new Error(`the guide's ExecStart changed: ${guideExecStart()}`);
    relay = await spawnRelayProcess({
      PORT: String(relayPort),
      RELAY_HOST: '127.0.0.1',
      RELAY_PUBLIC_URL: relayPublic,
      RELAY_DATA_DIR: path.join(work, 'relay-data'),
      RELAY_ALLOW_PRIVATE_TARGETS: '1', // the receiver is on loopback, behind Caddy
      NODE_EXTRA_CA_CERTS: rootCertificate, // the relay trusts Caddy's CA as it would trust Let's Encrypt
    }, 30_000, 'production');
  }, 90_000);

  afterAll(async () => {
    await relay?.stop();
    if (caddy && caddy.exitCode === null) {
      const exited = new Promise((resolve) => caddy.once('exit', resolve));
      caddy.kill('SIGTERM');
      await exited;
    }
    await receiver?.close();
  });

  it('ingest, subscribe and a signed delivery, all over HTTPS', async () => {
    const health = await httpsRequest(`${relayPublic}/healthz`, ca);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true });
    expect(health.protocol).toMatch(/^TLSv1\.[23]$/);

    // The CLI, pointed at the public HTTPS URL (trusting the CA as a client machine trusts Let's Encrypt).
    const cliEnv = { RELAY_URL: relayPublic, RELAY_DATA_DIR: path.join(work, 'relay-data'), NODE_EXTRA_CA_CERTS: path.join(work, 'data/caddy/pki/authorities/local/root.crt') };
    const keys = await runRelayCli(['keys', '--json'], cliEnv);
    expect(keys.code, keys.stderr).toBe(0);
    expect(keys.stderr).toBe(`relay: ${relayPublic} (RELAY_URL)\n`);
    const { ingest_url: ingestUrl } = JSON.parse(keys.stdout) as { ingest_url: string };
    expect(ingestUrl).toMatch(new RegExp(`^${relayPublic}/ingest/it_\\S+/<event_slug>$`));

    const added = await runRelayCli(['webhooks', 'add', '--name', 'Over HTTPS', '--url', `${receiverPublic}/hook`, '--event', 'payment_received', '--json'], cliEnv);
    expect(added.code, added.stderr).toBe(0);
    const webhook = JSON.parse(added.stdout) as { id: string; secret: string };

    // Ultimate Multisite posts the event to the ingest URL over HTTPS.
    const payload = JSON.stringify({ payment_id: 4242, payment_total: '$ 19.90', customer_user_email: 'jane@example.com' });
    const ingested = await httpsRequest(ingestUrl.replace('<event_slug>', 'payment_received'), ca, { method: 'POST', body: payload, headers: { 'content-type': 'application/json' } });
    expect(ingested.status).toBe(202);
    const eventId = (JSON.parse(ingested.body) as { id: string }).id;

    // The delivery went out over HTTPS (through Caddy to the receiver), signed, with the plugin's exact body.
    const [delivery] = await receiver.waitFor(1, 15_000);
    expect(delivery.headers['x-forwarded-proto']).toBe('https');
    expect(delivery.body).toBe(payload);
    expect(delivery.headers['webhook-id']).toBe(eventId);
    expect(new Webhook(webhook.secret).verify(delivery.body, delivery.headers as Record<string, string>)).toEqual(JSON.parse(payload));

    const log = await runRelayCli(['deliveries', webhook.id], cliEnv);
    expect(log.stdout).toMatch(new RegExp(`${eventId}\\s+succeeded\\s+1 delivered\\s+\\S+( s ago| now)?\\s+200`));

    // Plain HTTP is redirected to HTTPS by Caddy.
    const plain = await fetch(`http://localhost:${httpPort}/healthz`, { redirect: 'manual' });
    expect(plain.status).toBe(308);
    expect(plain.headers.get('location')).toMatch(/^https:\/\/localhost/);
  }, 60_000);
});
