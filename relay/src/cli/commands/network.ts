/**
 * `relay network connect URL --api-key K --api-secret S | status | repair | disconnect [--force]`: the network
 * connection from a terminal, through the relay's API (/v1/network).
 */
import { CliError } from '../cliError.ts';
import { parseArgs } from '../options.ts';
import { connectToRelay } from '../relayClient.ts';
import type { Command } from './index.ts';

interface NetworkStateJson {
  connected: boolean;
  network_url?: string;
  label?: string;
  api_key_hint?: string;
  relay_url?: string;
  events?: { event: string; name: string; plugin_webhook_id: string; status: string; created_by_relay: boolean }[];
  not_wired?: { event: string; reason: string }[];
  last_event?: { event: string; received_at: string } | null;
  needs_repair?: boolean;
  problems?: string[];
}

function printState(state: NetworkStateJson): void {
  if (!state.connected) return void process.stdout.write('No network connected: relay network connect https://network.example --api-key … --api-secret …\n');
  const lines = [
    `Connected to ${state.label ? `${state.label} (${state.network_url})` : state.network_url}, API key ${state.api_key_hint}`,
    `Webhooks point at ${state.relay_url}`,
    ...(state.events ?? []).map((event) => `  ${event.status === 'ok' ? '✓' : '✗'} ${event.event.padEnd(26)} webhook #${event.plugin_webhook_id}${event.status === 'ok' ? '' : ` ${event.status}`}${event.created_by_relay ? '' : ' (made by hand, kept on disconnect)'}`),
    ...(state.not_wired ?? []).map((event) => `  - ${event.event.padEnd(26)} not wired: ${event.reason}`),
    `Last event received: ${state.last_event ? `${state.last_event.event} at ${state.last_event.received_at}` : 'none yet'}`,
    ...(state.problems ?? []).map((problem) => `! ${problem}`),
    ...(state.needs_repair ? ['Run: relay network repair'] : []),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

export const network: Command = {
  summary: 'Connect an Ultimate Multisite network in one step: network connect URL --api-key K --api-secret S [--relay-url U] | status [--json] | repair | disconnect [--force]',
  async run(args) {
    const { positional, options } = parseArgs(args);
    const [action = 'status', networkUrl] = positional;
    const relay = await connectToRelay();
    const show = (json: unknown) => (options.json === true ? process.stdout.write(JSON.stringify(json, null, 2) + '\n') : printState(json as NetworkStateJson));
    switch (action) {
      case 'connect': {
        if (!networkUrl) throw new CliError('network connect needs the network URL, e.g. network connect https://network.example --api-key … --api-secret …', 2);
        const apiKey = options['api-key'] ?? process.env.UM_API_KEY;
        const apiSecret = options['api-secret'] ?? process.env.UM_API_SECRET;
        if (typeof apiKey !== 'string' || typeof apiSecret !== 'string') {
          throw new CliError('give --api-key and --api-secret (or UM_API_KEY and UM_API_SECRET), from Network Admin → Ultimate Multisite → Settings → API & Webhooks', 2);
        }
        const body = { network_url: networkUrl, api_key: apiKey, api_secret: apiSecret, ...(typeof options['relay-url'] === 'string' ? { relay_url: options['relay-url'] } : {}) };
        return void show((await relay.request('PUT', '/v1/network', body)).json);
      }
      case 'status':
        return void show((await relay.request('GET', '/v1/network')).json);
      case 'repair':
        return void show((await relay.request('POST', '/v1/network/repair', typeof options['relay-url'] === 'string' ? { relay_url: options['relay-url'] } : {})).json);
      case 'disconnect': {
        const { json } = await relay.request('DELETE', `/v1/network${options.force === true ? '?force=true' : ''}`);
        const result = json as { removed_webhooks: number; left_in_plugin: number };
        return void process.stdout.write(`Disconnected: removed ${result.removed_webhooks} webhooks the relay had created${result.left_in_plugin ? `, left ${result.left_in_plugin} made by hand` : ''}.\n`);
      }
      default:
        throw new CliError(`unknown action "${action}": connect, status, repair or disconnect`, 2);
    }
  },
};
