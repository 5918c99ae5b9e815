/**
 * One page of the plugin's send log: GET /wu/v2/event?object_type=webhook, oldest first, `perPage` entries from
 * entry `(page - 1) × perPage`. The only place gap repair calls the network: the client bounds each call
 * (RELAY_NETWORK_TIMEOUT, 8 MB, the SSRF guard); the service reads these pages through boundedPages, from where it
 * left off, within its pass's page and time bounds.
 */
import type { PluginLogRecord } from '../gapRepair/sendLogEntry.ts';
import type { RelayConfig } from '../config/config.ts';
import type { NetworkConnectionRecord } from '../store/networkStore.ts';
import { pluginApiClientFor } from './pluginApiClient.ts';
import { PluginApiError } from './pluginApiError.ts';

export async function readSendLogPage(
  config: Pick<RelayConfig, 'networkTimeoutMs' | 'allowPrivateTargets' | 'allowedTargetRanges'>,
  network: NetworkConnectionRecord,
  page: number,
  perPage: number,
): Promise<PluginLogRecord[]> {
  const client = pluginApiClientFor(config, { networkUrl: network.networkUrl, apiKey: network.apiKey, apiSecret: network.apiSecret });
  const answer = await client.request('/event', {
    query: { object_type: 'webhook', orderby: 'id', order: 'asc', per_page: String(perPage), page: String(page) },
  });
  if (!Array.isArray(answer)) throw new PluginApiError('unexpected_answer', 'the network answered /event with something other than a list: is its plugin up to date?');
  if (answer.length > perPage) throw new PluginApiError('unexpected_answer', `the network answered /event with ${answer.length} entries for ${perPage} asked`);
  return answer.filter((record): record is PluginLogRecord => typeof record === 'object' && record !== null && 'id' in record);
}
