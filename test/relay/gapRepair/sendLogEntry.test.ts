/**
 * Reading the plugin's send log back: on the live network's own answer (test/fixtures/ultimate-multisite-live/
 * send-log/: GET /wu/v2/event and, beside it, the bodies WordPress actually sent, recorded as it sent them), every
 * send's body comes back byte for byte, whatever the entry's ending (non-blocking, blocking, error); an entry whose
 * body was cut or changed is unreadable with the reason, never half read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ourIngestSlug } from '../../../relay/src/gapRepair/ourIngestUrl.ts';
import { pluginDate, readSendLogEntry, type PluginLogRecord } from '../../../relay/src/gapRepair/sendLogEntry.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/ultimate-multisite-live/send-log');
const eventList = JSON.parse(fs.readFileSync(path.join(dir, 'event-list.json'), 'utf8')) as (PluginLogRecord & { payload: { message?: string } })[];
const sent = JSON.parse(fs.readFileSync(path.join(dir, 'sent.json'), 'utf8')) as { url: string; blocking: boolean; body: string }[];
const sendRecord = eventList.find((record) => record.id === '5')!;
const withMessage = (message: string): PluginLogRecord => ({ ...sendRecord, payload: { message } });
const prefix = 'Sent a payment_received event to the URL http://127.0.0.1:18999/ingest/tok0123456789abcdef/payment_received with data: ';

describe('a send-log entry read back', () => {
  it('gives, for every send the live network logged, exactly the body WordPress sent (non-blocking, blocking, failed)', () => {
    const entries = eventList.map(readSendLogEntry);
    expect(entries.filter((entry) => entry.kind === 'other').length).toBe(eventList.filter((record) => record.slug === 'changed').length);
    const sends = entries.filter((entry) => entry.kind === 'send');
    expect(entries.filter((entry) => entry.kind === 'unreadable')).toEqual([]);
    // The first send happened before the recording started; each recorded request is exactly one logged send.
    expect(sent).toHaveLength(6);
    for (const request of sent) {
      const matching = sends.filter((entry) => entry.body === request.body && entry.url === request.url);
      expect(matching, request.body.slice(0, 60)).toHaveLength(1);
    }
    const endings = eventList.filter((record) => record.slug !== 'changed').map((record) => /(Got response|To debug|Got error)/.exec(record.payload.message!)![1]);
    expect(new Set(endings)).toEqual(new Set(['Got response', 'To debug', 'Got error']));
    // The bodies have what wp_json_encode escapes: "/" as \/, non-ASCII as \u00fc, quotes within strings.
    expect(sent.some((request) => request.body.includes('\\/') && request.body.includes('\\u00fc') && request.body.includes('\\"A\\"'))).toBe(true);
    expect(sends[0]).toMatchObject({ entryId: 2, slug: 'payment_received', url: 'http://127.0.0.1:18999/ingest/tok0123456789abcdef/payment_received', loggedAtNetwork: pluginDate(eventList[0].date_created) });
  });

  it('is unreadable, with the reason, when the body was cut, changed or is not a JSON object', () => {
    const body = (sendRecord.payload as { message: string }).message.slice(prefix.length).replace(/ Got response: $/, '');
    const reasons = [
      withMessage(`${prefix}${body.slice(0, 200)}`),
      withMessage(`${prefix}${body.slice(0, -1)} Got response: `),
      withMessage(`${prefix}${body.replaceAll('\\/', '/')} Got response: `),
      withMessage(`${prefix}${body.replace('\\u00fc', 'ü')} Got response: `),
      withMessage(`${prefix}${body}Got response: `),
      withMessage(`${prefix}[1,2] Got response: `),
      withMessage(`${prefix}{"a":tru} Got response: `),
      withMessage('Sent a payment_received event to the URL http://x/ingest/t/payment_received'),
      { ...sendRecord, date_created: 'yesterday' },
    ].map((record) => {
      const entry = readSendLogEntry(record);
      return entry.kind === 'unreadable' ? entry.reason : entry.kind;
    });
    expect(reasons).toEqual([
      'the body is cut short (its JSON never closes)',
      'the body is cut short (its JSON never closes)',
      expect.stringMatching(/^the body is not as wp_json_encode writes it \(an unescaped "\/" at \d+\)$/),
      expect.stringMatching(/^the body is not as wp_json_encode writes it \(a raw character U\+00fc at \d+\)$/),
      'the body is followed by unexpected text (cut short or changed)',
      'the body is not a JSON object',
      expect.stringMatching(/^the body is not JSON \(/),
      'the entry has no " with data: " part',
      'the entry\'s date_created "yesterday" is not a date',
    ]);
  });

  it('knows this relay\'s ingest URLs by their token, whatever the host', () => {
    expect(ourIngestSlug('http://127.0.0.1:18999/ingest/tok0123456789abcdef/payment_received', 'tok0123456789abcdef')).toBe('payment_received');
    expect(ourIngestSlug('https://relay.example/base/ingest/tok0123456789abcdef/site_published/', 'tok0123456789abcdef')).toBe('site_published');
    expect(ourIngestSlug('https://relay.example/ingest/another-token-123456/payment_received', 'tok0123456789abcdef')).toBeNull();
    expect(ourIngestSlug('https://hooks.zapier.com/hooks/catch/1/abc', 'tok0123456789abcdef')).toBeNull();
    expect(ourIngestSlug('https://relay.example/ingest/tok0123456789abcdef/Bad-Slug', 'tok0123456789abcdef')).toBeNull();
    expect(ourIngestSlug('not a url', 'tok0123456789abcdef')).toBeNull();
  });
});
