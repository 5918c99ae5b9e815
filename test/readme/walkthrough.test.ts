/**
 * The README's walkthrough, run as written: `npm start` (the relay compiled, run on the project's Node), then its
 * `npm run relay -- …` commands (the CLI finding the relay through its data dir, as a second terminal would)
 * and its curl commands. Only the port, the receiver's URL, the key and the id placeholders are filled in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { repoRoot } from '../support/relayCli.ts';
import { tempDir } from '../support/testRelay.ts';
import { until } from '../support/until.ts';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const walkthrough = readme.slice(readme.indexOf('## Walkthrough'));
const shellBlocks = [...walkthrough.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);

let npmStart: ChildProcess | null = null;
let receiver: Receiver;
const dataDir = tempDir('relay-readme-');
afterAll(async () => {
  const lock = path.join(dataDir, 'relay.lock');
  if (npmStart && npmStart.exitCode === null) {
    const exited = new Promise((resolve) => npmStart!.once('exit', resolve));
    if (fs.existsSync(lock)) process.kill((JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid: number }).pid, 'SIGTERM');
    else npmStart.kill('SIGTERM');
    await exited;
  }
  await receiver?.close();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function sh(command: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe("README's walkthrough", () => {
  it('starts with npm start, subscribes, emits and shows the signed delivery; the curl commands work as written', async () => {
    receiver = await startReceiver();
    const env = { RELAY_DATA_DIR: dataDir, PORT: String(await freePort()), RELAY_URL: '', RELAY_API_KEY: '', RELAY_INGEST_TOKEN: '', DATABASE_URL: '', RELAY_LOG_LEVEL: '' };

    // Block 1: `npm install && RELAY_ALLOW_PRIVATE_TARGETS=1 npm start` (installed already).
    const startLine = shellBlocks[0].trim();
    expect(startLine).toBe('npm install && RELAY_ALLOW_PRIVATE_TARGETS=1 npm start');
    npmStart = spawn('bash', ['-c', startLine.replace('npm install && ', '')], { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let startOutput = '';
    npmStart.stdout!.on('data', (chunk: Buffer) => (startOutput += chunk.toString('utf8')));
    npmStart.stderr!.on('data', (chunk: Buffer) => (startOutput += chunk.toString('utf8')));
    await expect.poll(() => startOutput, { timeout: 30_000, interval: 200 }).toContain('listening on');
    // npm's echo of the scripts: the relay compiled first (relay/build.ts), then run as JavaScript.
    expect(startOutput).toContain('> node relay/build.ts');
    expect(startOutput).toContain('> node dist/relay/src/cli/main.js start');
    expect(startOutput).toMatch(/API key \(generated[^)]*\): rk_\S+/);
    expect(startOutput).toContain('RELAY_ALLOW_PRIVATE_TARGETS is on');

    // Block 2, "in another terminal": the CLI commands as written (the receiver is the test's own).
    const commands = shellBlocks[1].split('\n').filter((line) => line.startsWith('npm run relay -- ')).map((line) => line.replace(/\s+#.*$/, ''));
    expect(commands.map((command) => command.split(' ').slice(4, 6).join(' '))).toEqual(['webhooks add', 'emit payment_received', 'deliveries <webhook']);
    const added = await sh(commands[0].replace('http://localhost:9000/hook', receiver.url), env);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(/relay: http:\/\/127\.0\.0\.1:\d+ \(pid \d+, data dir /); // found through the data dir, and said so
    const webhookId = /^id\s+(wh_\S+)$/m.exec(added.stdout)![1];
    const secret = /^secret\s+(whsec_\S+)/m.exec(added.stdout)![1];

    const emitted = await sh(commands[1].replace('<webhook id from above>', webhookId), env);
    expect(emitted.code, emitted.stderr).toBe(0);
    expect(emitted.stdout).toMatch(new RegExp(`^payment_received sample sent to ${webhookId} only: delivered, HTTP 200 in \\d+ ms`, 'm'));
    const [delivery] = await receiver.waitFor(1, 10_000);
    expect(delivery.headers).toMatchObject({ 'x-um-event': 'payment_received', 'webhook-id': expect.stringMatching(/^evt_/) });
    // The README's verification snippet.
    expect(new Webhook(secret).verify(delivery.body, delivery.headers as Record<string, string>)).toMatchObject({ payment_id: expect.any(Number) });
    // Sent by the sender thread, whose module the build compiled beside the others; the page's CSS, which the build copies.
    const css = await fetch(`http://127.0.0.1:${env.PORT}/ui/assets/app.css`);
    expect(await css.text()).toBe(fs.readFileSync(path.join(repoRoot, 'relay/src/web/assets/app.css'), 'utf8'));

    const log = await until(() => sh(commands[2].replace('<webhook id from above>', webhookId), env), (answer) => /succeeded\s+1 delivered/.test(answer.stdout));
    expect(log.code, log.stderr).toBe(0);
    expect(log.stdout).toMatch(/succeeded\s+1 delivered\s+\S+.*\s200\s/);

    // Block 3, "the same with curl": KEY from `relay keys`, the port and receiver filled in, <id> from the first answer.
    const keys = JSON.parse((await sh('npm run --silent relay -- keys --json', env)).stdout) as { api_key: string };
    const curls = shellBlocks[2].replace(/\\\n\s*/g, '').split('\n').filter((line) => line.startsWith('curl ')).map((line) => line.replace(/\s+#.*$/, ''));
    expect(curls).toHaveLength(3);
    const curlEnv = { ...env, KEY: keys.api_key };
    const fill = (command: string, id = '') => command.replaceAll('127.0.0.1:8787', `127.0.0.1:${env.PORT}`).replace('http://localhost:9000/hook', receiver.url).replace('<id>', id);
    const created = JSON.parse((await sh(fill(curls[0]), curlEnv)).stdout) as { id: string; event: string };
    expect(created).toMatchObject({ id: expect.stringMatching(/^wh_/), event: 'payment_received' });
    const event = JSON.parse((await sh(fill(curls[1]), curlEnv)).stdout) as { id: string; deliveries: number };
    expect(event).toMatchObject({ ok: true, event: 'payment_received', deliveries: 2 }); // both webhooks subscribe to it
    const tested = JSON.parse((await sh(fill(curls[2], created.id), curlEnv)).stdout) as { ok: boolean; status_code: number };
    expect(tested).toMatchObject({ ok: true, status_code: 200 });
  }, 60_000);
});
