/**
 * One entry of Ultimate Multisite's send log, read back. For every webhook it sends, blocking or not, working or
 * not, the plugin logs (Webhook_Manager::create_event) an event with `object_type` webhook and
 * `payload.message` = "Sent a <event> event to the URL <url> with data: <body> " followed by "Got response: …",
 * "To debug the remote server response, …" or "Got error: …", where <body> is made by the same
 * wp_json_encode($data) call as the request's body. This file finds that body and checks it is whole.
 */
import { jsonNesting, maxJsonDepth } from '../jsonNesting.ts';

/** A log record as GET /wu/v2/event answers it (only what is read). */
export interface PluginLogRecord {
  id: unknown;
  slug?: unknown;
  object_type?: unknown;
  date_created?: unknown;
  payload?: unknown;
}

export type SendLogEntry =
  | { kind: 'send'; entryId: number; slug: string; url: string; loggedAtNetwork: number; body: string }
  | { kind: 'unreadable'; entryId: number; slug: string; url: string; loggedAtNetwork: number; reason: string }
  /** Another kind of log entry (a webhook changed, …): nothing was sent. */
  | { kind: 'other'; entryId: number };

const endings = [' Got response: ', ' To debug the remote server response', ' Got error: '];

/** The plugin's date_created ("2026-12-06 21:54:30", UTC) as epoch ms; NaN when it is not such a date. */
export function pluginDate(text: unknown): number {
  const match = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text) : null;
  return match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]) : Number.NaN;
}

export function readSendLogEntry(record: PluginLogRecord): SendLogEntry {
  const entryId = Number(record.id);
  const message = typeof record.payload === 'object' && record.payload !== null ? (record.payload as { message?: unknown }).message : undefined;
  const slug = typeof record.slug === 'string' ? record.slug : '';
  const head = `Sent a ${slug} event to the URL `;
  if (typeof message !== 'string' || !message.startsWith(head)) return { kind: 'other', entryId };
  const loggedAtNetwork = pluginDate(record.date_created);
  const urlEnd = message.indexOf(' with data: ', head.length);
  const url = urlEnd < 0 ? message.slice(head.length).split(' ')[0] : message.slice(head.length, urlEnd);
  const unreadable = (reason: string): SendLogEntry => ({ kind: 'unreadable', entryId, slug, url, loggedAtNetwork, reason });
  if (urlEnd < 0) return unreadable('the entry has no " with data: " part');
  if (Number.isNaN(loggedAtNetwork)) return unreadable(`the entry's date_created ${JSON.stringify(record.date_created)} is not a date`);
  const rest = message.slice(urlEnd + ' with data: '.length);
  const scanned = jsonValueEnd(rest);
  if (scanned === null) return unreadable('the body is cut short (its JSON never closes)');
  const { end, depth } = scanned;
  const body = rest.slice(0, end);
  if (!endings.some((ending) => rest.startsWith(ending, end))) return unreadable('the body is followed by unexpected text (cut short or changed)');
  // wp_json_encode escapes "/" and every non-ASCII character: either unescaped means the text was changed on the way.
  const changed = changedEscaping(body);
  if (changed) return unreadable(`the body is not as wp_json_encode writes it (${changed})`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    return unreadable(`the body is not JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return unreadable('the body is not a JSON object');
  // What the ingest route refuses (deeper than maxJsonDepth) is not recovered either.
  if (depth > maxJsonDepth) return unreadable(`the body nests deeper than ${maxJsonDepth} levels`);
  return { kind: 'send', entryId, slug, url, loggedAtNetwork, body };
}

/** Where the JSON object or array at the start of `text` ends (exclusive) and how deep it nests, or null when it does not end. */
function jsonValueEnd(text: string): { end: number; depth: number } | null {
  const first = text.charCodeAt(0);
  if (first !== 0x7b && first !== 0x5b) return null;
  const { end, depth } = jsonNesting(text);
  return end === null ? null : { end, depth };
}

/** What in `body` wp_json_encode would have escaped, or null. */
function changedEscaping(body: string): string | null {
  let inString = false;
  for (let index = 0; index < body.length; index++) {
    const char = body.charCodeAt(index);
    if (char > 0x7f || char < 0x20) return `a raw character U+${char.toString(16).padStart(4, '0')} at ${index}`;
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
      else if (char === 0x2f) return `an unescaped "/" at ${index}`;
    } else if (char === 0x22) inString = true;
  }
  return null;
}
