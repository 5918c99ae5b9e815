/**
 * `relay network connect URL --api-key K --api-secret S | status | repair | recover | disconnect [--force]`: the network
 * connection from a terminal, through the relay's API (/v1/network).
 */
import { usageError } from '../../cliError.ts';
import { jsonOption, stringOption, type CommandDefinition } from '../../commandDefinition.ts';
import { connectToRelay } from '../../relayClient.ts';
import { customers, memberships, payments, products, register, sites } from './actions.ts';
import { printNetworkState, relayUrlOption, type NetworkStateJson } from './networkState.ts';
import { recover } from './recover.ts';

const connect: CommandDefinition = {
  name: 'connect',
  summary: "Connect the network: the relay creates the plugin's webhooks, pointing at itself",
  positionals: [{ name: 'network url', description: 'the network, e.g. https://network.example', required: true }],
  options: {
    'api-key': { type: 'string', valueName: 'key', description: 'the plugin API key (or UM_API_KEY), from Network Admin → Ultimate Multisite → Settings → API & Webhooks' },
    'api-secret': { type: 'string', valueName: 'secret', description: 'the plugin API secret (or UM_API_SECRET)' },
    ...relayUrlOption,
    ...jsonOption,
  },
  examples: ['UM_API_KEY=… UM_API_SECRET=… relay network connect https://network.example'],
  async run({ values, positionals, out, env }) {
    const apiKey = stringOption(values, 'api-key') ?? env.UM_API_KEY;
    const apiSecret = stringOption(values, 'api-secret') ?? env.UM_API_SECRET;
    if (!apiKey || !apiSecret) {
      throw usageError('give --api-key and --api-secret (or UM_API_KEY and UM_API_SECRET), from Network Admin → Ultimate Multisite → Settings → API & Webhooks');
    }
    const relayUrl = stringOption(values, 'relay-url');
    const relay = await connectToRelay(env, out);
    const body = { network_url: positionals[0], api_key: apiKey, api_secret: apiSecret, ...(relayUrl ? { relay_url: relayUrl } : {}) };
    printNetworkState(out, (await relay.request<NetworkStateJson>('PUT', '/v1/network', body)).json, values.json === true);
  },
};

const status: CommandDefinition = {
  name: 'status',
  summary: "The connection: the plugin's webhooks and whether each points here, the last event received",
  options: { ...jsonOption },
  async run({ values, out, env }) {
    const relay = await connectToRelay(env, out);
    printNetworkState(out, (await relay.request<NetworkStateJson>('GET', '/v1/network')).json, values.json === true);
  },
};

const repair: CommandDefinition = {
  name: 'repair',
  summary: "Recreate or re-point the plugin's webhooks that are missing or point elsewhere",
  options: { ...relayUrlOption, ...jsonOption },
  async run({ values, out, env }) {
    const relayUrl = stringOption(values, 'relay-url');
    const relay = await connectToRelay(env, out);
    printNetworkState(out, (await relay.request<NetworkStateJson>('POST', '/v1/network/repair', relayUrl ? { relay_url: relayUrl } : {})).json, values.json === true);
  },
};

const disconnect: CommandDefinition = {
  name: 'disconnect',
  summary: "Remove the plugin webhooks the relay created (those made by hand stay) and forget the network",
  options: { force: { type: 'boolean', description: 'forget the connection even if the network cannot be reached' }, ...jsonOption },
  async run({ values, out, env }) {
    const relay = await connectToRelay(env, out);
    const { json } = await relay.request<{ removed_webhooks: number; left_in_plugin: number }>('DELETE', `/v1/network${values.force === true ? '?force=true' : ''}`);
    if (values.json) return void out.json(json);
    out.line(`Disconnected: removed ${json.removed_webhooks} webhooks the relay had created${json.left_in_plugin ? `, left ${json.left_in_plugin} made by hand` : ''}.`);
  },
};

export const network: CommandDefinition = {
  name: 'network',
  summary: 'Connect an Ultimate Multisite network (connect, status, repair, recover, disconnect) and act on it (customers, memberships, payments, sites, products, register)',
  subcommands: [connect, status, repair, recover, disconnect, customers, memberships, payments, sites, products, register],
  defaultSubcommand: 'status',
};
