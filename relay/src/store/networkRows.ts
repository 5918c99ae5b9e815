/** The network connection record as a table row (both backends use the same columns). */
import type { NetworkConnectionRecord, RegisteredEvent, WiredWebhook } from './networkStore.ts';
import type { Row } from './rows.ts';

export function networkRecordToRow(record: NetworkConnectionRecord) {
  return {
    network_url: record.networkUrl,
    api_key: record.apiKey,
    api_secret: record.apiSecret,
    label: record.label,
    integration: record.integration,
    relay_url: record.relayUrl,
    registered_events: JSON.stringify(record.registeredEvents),
    wired_webhooks: JSON.stringify(record.wiredWebhooks),
    connected_at: record.connectedAt,
    checked_at: record.checkedAt,
  };
}

export function networkRecordFromRow(row: Row): NetworkConnectionRecord {
  return {
    networkUrl: String(row.network_url),
    apiKey: String(row.api_key),
    apiSecret: String(row.api_secret),
    label: String(row.label),
    integration: String(row.integration),
    relayUrl: String(row.relay_url),
    registeredEvents: JSON.parse(String(row.registered_events)) as RegisteredEvent[],
    wiredWebhooks: JSON.parse(String(row.wired_webhooks)) as WiredWebhook[],
    connectedAt: Number(row.connected_at),
    checkedAt: Number(row.checked_at),
  };
}
