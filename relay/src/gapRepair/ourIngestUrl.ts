/** Whether a URL the plugin sent to is this relay's ingest URL: `…/ingest/{this relay's token}/{slug}`. */
import { isValidEventSlug } from '../../../shared/events/catalog.ts';

/**
 * The event slug the URL ingests, or null when it is not this relay's (another receiver, another relay's token).
 * The host is not compared: the relay may be reached under several names, and the token is its secret alone.
 */
export function ourIngestSlug(url: string, ingestToken: string): string | null {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const match = /\/ingest\/([^/]+)\/([^/]+)\/?$/.exec(path);
  if (!match || match[1] !== ingestToken) return null;
  return isValidEventSlug(match[2]) ? match[2] : null;
}
