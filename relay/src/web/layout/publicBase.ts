/** The relay's address as people and Ultimate Multisite reach it: RELAY_PUBLIC_URL, else the page's own origin. */
import type { Context } from 'hono';
import type { RelayContext } from '../../relayContext.ts';

export function publicBase(c: Context, relay: RelayContext): string {
  return relay.config.publicUrl ?? new URL(c.req.url).origin;
}
