/** Connection: the relay's URL and its API key; tested with GET /v1/me, labelled with the relay's name and host. */
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { relayBaseUrl } from './relay/relayBaseUrl.js';
import { relayRequest } from './relay/relayRequest.js';

interface RelayIdentity {
  name: string;
  version: string;
  store: string;
}

async function testConnection(z: ZObject, bundle: Bundle): Promise<RelayIdentity> {
  const { data } = await relayRequest<RelayIdentity>(z, bundle, { path: '/v1/me' });
  if (!data || typeof data.name !== 'string') {
    throw new z.errors.Error(`${relayBaseUrl(bundle.authData.relay_url ?? '')} answered /v1/me without a relay name: is this an Ultimate Multisite relay? Check the Relay URL.`, 'RelayError', 502);
  }
  return data;
}

/** "Acme Network relay (relay.acme.com)": which relay, and so which network, this connection reaches. */
async function connectionLabel(z: ZObject, bundle: Bundle): Promise<string> {
  const host = new URL(relayBaseUrl(bundle.authData.relay_url ?? '')).host;
  const name = typeof bundle.inputData.name === 'string' ? bundle.inputData.name : 'Ultimate Multisite relay';
  return `${name} (${host})`;
}

export const authentication: Authentication = {
  type: 'custom',
  fields: [
    {
      key: 'relay_url',
      label: 'Relay URL',
      type: 'string',
      required: true,
      helpText: 'The address your Ultimate Multisite relay is reachable at, like `https://relay.example.com`.',
    },
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText: "The relay's API key. On the relay's machine, `npm run relay -- keys` prints it.",
    },
  ],
  test: testConnection,
  connectionLabel,
};
