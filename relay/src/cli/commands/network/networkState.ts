/** The network connection as the API returns it (/v1/network), and how the CLI shows it. */
import type { Output } from '../../output/output.ts';
import { relativeTime } from '../../output/relativeTime.ts';

export interface NetworkStateJson {
  connected: boolean;
  network_url?: string;
  label?: string;
  api_key_hint?: string;
  relay_url?: string;
  events?: { event: string; name: string; plugin_webhook_id: string; status: string; created_by_relay: boolean; last_received_at?: string | null }[];
  not_wired?: { event: string; reason: string }[];
  last_event?: { event: string; received_at: string } | null;
  needs_repair?: boolean;
  problems?: string[];
  warnings?: string[];
}

export function printNetworkState(out: Output, state: NetworkStateJson, json: boolean): void {
  if (json) return out.json(state);
  if (!state.connected) return out.line('No network connected: relay network connect https://network.example --api-key … --api-secret …');
  const lines = [
    `Connected to ${state.label ? `${state.label} (${state.network_url})` : state.network_url}, API key ${state.api_key_hint}`,
    `Webhooks point at ${state.relay_url}`,
    ...(state.events ?? []).map((event) => `  ${event.status === 'ok' ? '✓' : '✗'} ${event.event.padEnd(26)} webhook #${event.plugin_webhook_id}${event.status === 'ok' ? '' : ` ${event.status}`}${event.created_by_relay ? '' : ' (made by hand, kept on disconnect)'}${event.last_received_at ? `, last received ${relativeTime(event.last_received_at)}` : ''}`),
    ...(state.not_wired ?? []).map((event) => `  - ${event.event.padEnd(26)} not wired: ${event.reason}`),
    `Last event received: ${state.last_event ? `${state.last_event.event}, ${relativeTime(state.last_event.received_at)} (${state.last_event.received_at})` : 'none yet'}`,
    ...(state.problems ?? []).map((problem) => `! ${problem}`),
    ...(state.warnings ?? []).map((warning) => `Warning: ${warning}`),
    ...(state.needs_repair ? ['Run: relay network repair'] : []),
  ];
  out.line(lines.join('\n'));
}

export const relayUrlOption = {
  'relay-url': { type: 'string' as const, valueName: 'https://relay…', description: 'the URL the plugin posts to (default: RELAY_PUBLIC_URL)' },
};
