/**
 * Connection: the relay's URL and its API key (plus, rarely, the zone the network's dates are in); tested with
 * GET /v1/me and labelled with the name the relay gives itself (`RELAY_NAME`, e.g. "Acme Network") and its host.
 */
import { readFileSync } from 'node:fs';
import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { apiKeyHelpText } from './apiKeyHelpText.js';
import { assertTimeZone } from './items/values/pluginDate.js';
import { relayBaseUrl } from './relay/relayBaseUrl.js';
import { relayRequest } from './relay/relayRequest.js';

interface RelayIdentity {
  name: string;
  version: string;
  store: string;
}

// Where the project's documentation is published (package.json "homepage"); the API key's help links to it.
const { homepage } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { homepage?: string };

async function testConnection(z: ZObject, bundle: Bundle): Promise<RelayIdentity> {
  const zone = bundle.authData.time_zone;
  if (typeof zone === 'string' && zone.trim()) {
    try {
      assertTimeZone(zone.trim());
    } catch {
      throw new z.errors.Error(`Network Time Zone: ${JSON.stringify(zone)} is not a time zone name like Europe/Berlin or America/New_York. Leave it empty for UTC.`, 'InvalidTimeZone', 400);
    }
  }
  const { data } = await relayRequest<RelayIdentity>(z, bundle, { path: '/v1/me' });
  if (!data || typeof data.name !== 'string') {
    throw new z.errors.Error(`${relayBaseUrl(bundle.authData.relay_url ?? '')} answered /v1/me without a relay name: is this an Ultimate Multisite relay? Check the Relay URL.`, 'RelayError', 502);
  }
  return data;
}

/** "Acme Network (relay.acme.com)": which network this connection reaches, and through which relay. */
async function connectionLabel(z: ZObject, bundle: Bundle): Promise<string> {
  const host = new URL(relayBaseUrl(bundle.authData.relay_url ?? '')).host;
  const name = typeof bundle.inputData.name === 'string' && bundle.inputData.name.trim() ? bundle.inputData.name.trim() : 'Ultimate Multisite relay';
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
      helpText: 'The HTTPS address of your Ultimate Multisite relay, like `https://relay.example.com`. Pasting the address of its web page (`…/ui`) or API (`…/v1`) works too.',
    },
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText: apiKeyHelpText(homepage),
    },
    {
      key: 'time_zone',
      label: 'Network Time Zone',
      type: 'string',
      required: false,
      helpText: 'Leave empty: Ultimate Multisite saves its dates in UTC. Only if your network writes local times, enter their zone, like `Europe/Berlin`.',
    },
  ],
  test: testConnection,
  connectionLabel,
};
