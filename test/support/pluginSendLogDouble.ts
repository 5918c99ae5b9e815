/**
 * The plugin's send log for the REST API double (GET /wu/v2/event), as the live 2.4.13-beta.1 network answers it:
 * for each webhook sent, an entry {id (string), slug: the event, object_type "webhook", object_id (the webhook's
 * id, string), date_created "YYYY-MM-DD HH:MM:SS" (UTC), payload {message: "Sent a <event> event to the URL <url>
 * with data: <body> Got response: "}} followed by the webhook's "changed" entry (its event_count), both from
 * Webhook_Manager::send_webhook; the route honours object_type, slug, orderby=id, order, per_page (default 10)
 * and page (the Rest_Api trait maps them to the model query). `send` is the plugin sending: the body as
 * wp_json_encode makes it (slashes and non-ASCII escaped), POSTed to the URL if `deliver` says so, then logged.
 */
type Send = (status: number, json: unknown) => void;

export interface SendLogRecord {
  id: string;
  model: 'event';
  slug: string;
  date_created: string;
  date_modified: string;
  migrated_from_id: null;
  severity: string;
  initiator: 'system';
  author_id: string;
  object_type: string;
  object_id: string;
  payload: Record<string, unknown>;
  message: string;
  severity_label: string;
  severity_classes: string;
  author: unknown[];
}

export interface PluginSendLog {
  records: SendLogRecord[];
  /** The plugin sending `data` for `slug` to `url`: POSTs it unless `deliver` is false, then logs it. Answers the body sent. */
  send(slug: string, url: string, data: Record<string, unknown>, options?: { deliver?: boolean; at?: Date; webhookId?: number }): Promise<string>;
  /** Logs an entry with this exact message (a damaged or odd entry). */
  logMessage(slug: string, message: string, at?: Date): SendLogRecord;
  /** Every page full of new entries, for ever (a broken or hostile network). */
  setEndless(endless: boolean): void;
  /** Every page the same full first page (a network ignoring `page`). */
  setRepeating(repeating: boolean): void;
  /** One entry's message of this many bytes (a hostile network's answer). */
  setHuge(bytes: number): void;
  /** Answers GET /event; false for other routes. */
  handle(method: string, route: string, query: URLSearchParams, send: Send): boolean;
}

/** PHP's json_encode with no flags, as wp_json_encode calls it: "/" and every non-ASCII character escaped. */
export function wpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The plugin's date_created: UTC, to the second. */
export const pluginDateOf = (at: Date) => at.toISOString().slice(0, 19).replace('T', ' ');

export function pluginSendLog(): PluginSendLog {
  const records: SendLogRecord[] = [];
  let nextId = 2;
  let endless = false;
  let repeating = false;
  let huge = 0;
  const add = (slug: string, objectId: number, payload: Record<string, unknown>, at: Date, severity: string): SendLogRecord => {
    const record: SendLogRecord = {
      id: String(nextId++), model: 'event', slug, date_created: pluginDateOf(at), date_modified: '', migrated_from_id: null,
      severity, initiator: 'system', author_id: '1', object_type: 'webhook', object_id: String(objectId), payload,
      message: 'No Message', severity_label: 'Neutral', severity_classes: 'wu-bg-gray-200 wu-text-gray-700', author: [],
    };
    records.push(record);
    return record;
  };
  const counts = new Map<number, number>();
  return {
    records,
    async send(slug, url, data, options = {}) {
      const body = wpJsonEncode(data);
      if (options.deliver !== false) {
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((response) => response.arrayBuffer()).catch(() => undefined);
      }
      const webhookId = options.webhookId ?? 1;
      const at = options.at ?? new Date();
      add(slug, webhookId, { message: `Sent a ${slug} event to the URL ${url} with data: ${body} Got response: ` }, at, '2');
      const count = counts.get(webhookId) ?? 0;
      counts.set(webhookId, count + 1);
      add('changed', webhookId, { event_count: { old_value: String(count), new_value: count + 1 } }, at, '3');
      return body;
    },
    logMessage(slug, message, at = new Date()) {
      return add(slug, 1, { message }, at, '2');
    },
    setEndless: (value) => void (endless = value),
    setRepeating: (value) => void (repeating = value),
    setHuge: (bytes) => void (huge = bytes),
    handle(method, route, query, send) {
      if (method !== 'GET' || route !== '/event') return false;
      const perPage = Math.max(1, Number(query.get('per_page') ?? '10') || 10);
      const page = Math.max(1, Number(query.get('page') ?? '1') || 1);
      if (huge) {
        send(200, [{ ...records[0], id: '999999', payload: { message: 'x'.repeat(huge) } }]);
        return true;
      }
      if (endless || repeating) {
        const start = (repeating ? 0 : (page - 1) * perPage) + 1_000_000;
        send(200, Array.from({ length: perPage }, (_, index) => ({ ...records[0], id: String(start + index) })));
        return true;
      }
      let matching = records.filter((record) => (!query.has('object_type') || record.object_type === query.get('object_type')) && (!query.has('slug') || record.slug === query.get('slug')));
      matching = [...matching].sort((a, b) => Number(a.id) - Number(b.id));
      if ((query.get('order') ?? 'desc').toLowerCase() === 'desc') matching.reverse();
      send(200, matching.slice((page - 1) * perPage, page * perPage));
      return true;
    },
  };
}
