/** Reads a request body as strict UTF-8 JSON, with errors that say what is wrong with it. */
import type { Context } from 'hono';
import { RelayError } from '../relayError.ts';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Deeper JSON is refused: JSON.parse copes with any depth, but JSON.stringify (storing an API event, every
 * listing of it afterwards) overflows the stack at a few thousand levels. Ultimate Multisite's payloads are flat.
 */
export const maxJsonDepth = 64;

/** How deeply arrays and objects nest in JSON text (brackets inside strings do not count). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++; // backslash: skip the escaped character
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

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
  if (jsonDepth(text) > maxJsonDepth) throw new RelayError(400, 'invalid_json', `body: nests arrays and objects deeper than ${maxJsonDepth} levels`, { field: 'body' });
  return { text, value };
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
