/**
 * Where the relay keeps its connection to one Ultimate Multisite network: a small store of its own, beside the
 * main Store, so the connection's persistence stays out of the event and delivery tables.
 *
 * The API key and secret are kept in the relay's database (like the webhooks' signing secrets and the relay's own
 * keys), because the relay needs them again to repair and disconnect; nothing ever returns them (the API and the
 * web page show the key's last 4 characters) and they are never logged.
 */

/** An event the network registers (GET /wu/v2/hooks): what the plugin calls it and the sample it sends. */
export interface RegisteredEvent {
  slug: string;
  name: string;
  description: string;
  sample: Record<string, unknown>;
}

/** A webhook the relay created in the plugin, pointing at its own ingest URL. */
export interface WiredWebhook {
  event: string;
  /** The plugin's id, always as a string (the plugin answers with an int or a string). */
  pluginWebhookId: string;
  url: string;
  /** False when the relay found the webhook already there (made by hand) and only adopted it: disconnect leaves it. */
  createdByRelay: boolean;
}

export interface NetworkConnectionRecord {
  /** The network's main site URL, e.g. https://network.example (no trailing slash). */
  networkUrl: string;
  apiKey: string;
  apiSecret: string;
  /** The network's name, as GET /wu/v2/auth labels it. */
  label: string;
  /** What the relay set as `integration` on the webhooks it created (its RELAY_NAME). */
  integration: string;
  /** The relay's public URL the wired webhooks point at (a change of RELAY_PUBLIC_URL means repair). */
  relayUrl: string;
  registeredEvents: RegisteredEvent[];
  wiredWebhooks: WiredWebhook[];
  connectedAt: number;
  /** When the relay last read the network's events and webhooks. */
  checkedAt: number;
}

export interface NetworkStore {
  get(): Promise<NetworkConnectionRecord | null>;
  /** Creates or replaces the one connection. */
  save(record: NetworkConnectionRecord): Promise<void>;
  /** True when there was one. */
  delete(): Promise<boolean>;
}
