/** Reads a request body as strict UTF-8 JSON, with errors that say what is wrong with it. */
import type { Context } from 'hono';
import { jsonNesting, maxJsonDepth } from '../jsonNesting.ts';
import { RelayError } from '../relayError.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface JsonBody {
  /** The exact text received. */
  text: string;
  value: unknown;
}

export async function readJsonBody(c: Context): Promise<JsonBody> {
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new RelayError(400, 'invalid_body', 'body: is not valid UTF-8', { field: 'body' });
  }
  if (text.trim() === '') throw new RelayError(400, 'invalid_body', 'body: is empty; send a JSON object', { field: 'body' });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new RelayError(400, 'invalid_json', `body: is not valid JSON (${(error as Error).message})`, { field: 'body' });
  }
  if (jsonNesting(text).depth > maxJsonDepth) throw new RelayError(400, 'invalid_json', `body: nests arrays and objects deeper than ${maxJsonDepth} levels`, { field: 'body' });
  return { text, value };
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
