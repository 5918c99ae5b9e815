/**
 * Calls the relay's /v1/network actions (which act on the network with the credentials the relay holds: the
 * Zap never sees the plugin's secret). What the relay or the plugin refused is shown in its own words, as a
 * Zapier error the user can act on: the field to fix, the record that does not exist, the network to connect.
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { relayBaseUrl } from '../relay/relayBaseUrl.js';
import { relayRequest, type RelayRequest } from '../relay/relayRequest.js';

interface RelayError {
  error?: { code?: string; message?: string; field?: string };
}

/** The relay's answers for what the network could not do (429 and 401 are left to relayRequest). */
const networkRefusals = [400, 404, 409, 422, 502, 504];

export async function networkRequest<T>(z: ZObject, bundle: Bundle, request: RelayRequest): Promise<T> {
  const { status, data } = await relayRequest<T & RelayError>(z, bundle, { ...request, accept: networkRefusals });
  if (status < 300 && data !== undefined) return data;
  const error = (data as RelayError | undefined)?.error;
  if (error?.code === 'network_not_connected') {
    throw new z.errors.Error(`No network is connected to the relay at ${relayBaseUrl(String(bundle.authData.relay_url ?? ''))}: connect your network in the relay first (its web page → Your network, with the API key and secret from Network Admin → Ultimate Multisite → Settings → API & Webhooks), then try again.`, 'NetworkNotConnected', status);
  }
  if (status === 404 && !error) {
    throw new z.errors.Error('This relay has no network actions yet: update it to a version with /v1/network/customers, then try again.', 'RelayTooOld', status);
  }
  throw new z.errors.Error(error?.message ?? `The relay answered HTTP ${status}.`, error?.code ?? 'NetworkError', status);
}
