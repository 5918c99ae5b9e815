/** The relay's address as people and Ultimate Multisite reach it: RELAY_PUBLIC_URL, else the origin a request came to. */
import type { RelayConfig } from './config.ts';

export function publicBase(config: Pick<RelayConfig, 'publicUrl'>, requestUrl: string): string {
  return config.publicUrl ?? new URL(requestUrl).origin;
}
