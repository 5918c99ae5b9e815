/** The one-line confirmation after an action: the redirect carries a code (?done=…), never free text. */
import type { Context } from 'hono';

const notices: Record<string, (count: number) => string> = {
  created: () => 'Webhook added. Send it a test event to check the URL answers.',
  edited: () => 'Webhook saved.',
  rotated: () => 'New signing secret made. The previous one keeps signing beside it until the time shown, so receivers can switch.',
  enabled: () => 'Webhook enabled.',
  'enabled-failed': (count) => `Webhook enabled. ${count} ${count === 1 ? 'delivery' : 'deliveries'} failed while it was failing or off: redeliver ${count === 1 ? 'it' : 'them'} below.`,
  disabled: () => 'Webhook disabled: no new deliveries until you enable it again.',
  deleted: () => 'Webhook deleted. Its delivery log is kept.',
  retried: () => 'Delivery queued: it is attempted again now.',
  redelivered: (count) => (count === 0 ? 'No failed deliveries in that period.' : `${count} failed ${count === 1 ? 'delivery' : 'deliveries'} queued again.`),
  'bin-created': () => 'Inspector bin created. Use its URL as a webhook URL.',
  'bin-deleted': () => 'Inspector bin deleted with its requests.',
  'signed-out': () => 'Signed out.',
  'network-connected': () => 'Network connected: its webhooks now post to the relay.',
  'network-repaired': () => 'Network repaired: every event it posts is wired to the relay again.',
  'network-recovered': (count) => (count === 0 ? 'Send log read: nothing was missing.' : `${count} ${count === 1 ? 'event' : 'events'} recovered from the plugin's send log and queued for delivery.`),
  'network-disconnected': () => 'Network disconnected: the webhooks the relay created were removed from Ultimate Multisite.',
};

export type NoticeCode = keyof typeof notices;

export function noticeFrom(c: Context): string | null {
  const make = notices[c.req.query('done') ?? ''];
  return make ? make(Number(c.req.query('count') ?? '0') || 0) : null;
}

export function withNotice(path: string, code: NoticeCode, count?: number): string {
  const separator = path.includes('?') ? '&' : '?';
  return `${path}${separator}done=${code}${count === undefined ? '' : `&count=${count}`}`;
}
