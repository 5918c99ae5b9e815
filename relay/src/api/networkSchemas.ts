/** Request and response schemas of /v1/network (connecting an Ultimate Multisite network). */
import { z } from 'zod';

const unknownFields = { error: (issue: { code: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `unknown field ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}` : undefined) };
const required = (what: string) => z.string({ error: 'is required' }).trim().min(1, 'is required').describe(what);

export const connectNetworkSchema = z.strictObject(
  {
    network_url: required("The network's main site URL, e.g. https://network.example."),
    api_key: required('Network Admin → Ultimate Multisite → Settings → API & Webhooks → API Key. Stored, never shown again.'),
    api_secret: required('The API Secret beside it. Stored, never shown again.'),
    relay_url: z.string({ error: 'must be a string' }).optional().describe('Where the network reaches this relay; default RELAY_PUBLIC_URL, else the address this request came to.'),
  },
  unknownFields,
);

export const repairNetworkSchema = z.strictObject(
  {
    relay_url: z.string({ error: 'must be a string' }).optional().describe('Point the webhooks here instead (default RELAY_PUBLIC_URL, else where they pointed).'),
  },
  unknownFields,
).default({});

const isoTime = z.string().describe('ISO 8601 date-time');

export const networkStateResponse = z.object({
  connected: z.boolean(),
  network_url: z.string().optional(),
  label: z.string().optional().describe("The network's name."),
  api_key_hint: z.string().optional().describe("The API key's last 4 characters."),
  integration: z.string().optional().describe('The integration name set on the webhooks the relay created (RELAY_NAME).'),
  relay_url: z.string().optional().describe('Where the wired webhooks point.'),
  connected_at: isoTime.optional(),
  checked_at: isoTime.optional(),
  events: z.array(z.object({
    event: z.string(), name: z.string(), plugin_webhook_id: z.string(), url: z.string(), created_by_relay: z.boolean(),
    status: z.enum(['ok', 'missing', 'changed', 'inactive', 'unknown']).describe('unknown: the plugin could not be read just now.'),
    last_received_at: isoTime.nullable().describe('When the relay last received this event (tests included); null: never.'),
  })).optional().describe('One webhook in the plugin per event it POSTs.'),
  not_wired: z.array(z.object({ event: z.string(), name: z.string(), reason: z.string() })).optional(),
  last_event: z.object({ id: z.string(), event: z.string(), received_at: isoTime, test: z.boolean() }).nullable().optional(),
  needs_repair: z.boolean().optional(),
  problems: z.array(z.string()).optional(),
  warnings: z.array(z.string()).optional().describe('What works but is unsafe, e.g. a network on plain http (credentials in clear).'),
});

export const disconnectResponse = z.object({ disconnected: z.literal(true), removed_webhooks: z.number(), left_in_plugin: z.number() });
