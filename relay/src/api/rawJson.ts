/**
 * JSON answers that carry stored JSON text verbatim: an event's payload is shown as the bytes the host sent (and
 * every delivery carries), where JSON.parse and JSON.stringify would round 12345678901234567890 to
 * 12345678901234567000.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';

/** Stored JSON text to be spliced into an answer as is. */
export class RawJson {
  readonly text: string;
  constructor(text: string) {
    JSON.parse(text); // stored bodies were checked at ingest; this keeps a damaged row from making invalid JSON
    this.text = text;
  }
}

/** JSON.stringify, with every RawJson inside replaced by its text. */
export function stringifyWithRaw(value: unknown): string {
  const marker = randomUUID();
  const texts: string[] = [];
  const json = JSON.stringify(value, (_key, member: unknown) => (member instanceof RawJson ? `${marker}:${texts.push(member.text) - 1}` : member));
  return json.replace(new RegExp(`"${marker}:(\\d+)"`, 'g'), (_match, index: string) => texts[Number(index)]);
}

export function jsonWithRaw(c: Context, value: unknown, status: 200 | 201 = 200): Response {
  return c.body(stringifyWithRaw(value), status, { 'content-type': 'application/json; charset=UTF-8' });
}
