/**
 * The exact text of one member of a JSON object, so that POST /v1/events delivers the payload's bytes as the
 * host sent them: parsing and re-serialising would round 12345678901234567890 and reorder nothing else but
 * still change what a receiver verifies. `text` must already be valid JSON (it was parsed first).
 */
const whitespace = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Index just past the JSON value starting at `start` (strings, numbers, literals, nested objects/arrays). */
function valueEnd(text: string, start: number): number {
  let depth = 0;
  let index = start;
  for (; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x22) {
      index = stringEnd(text, index) - 1;
      if (depth === 0) return index + 1;
    } else if (char === 0x7b || char === 0x5b) depth++;
    else if (char === 0x7d || char === 0x5d) {
      if (depth === 0) return index; // the enclosing object ends: a scalar value ended before it
      if (--depth === 0) return index + 1;
    } else if (depth === 0 && (char === 0x2c || whitespace.has(char))) return index;
  }
  return index;
}

/** Index just past the string starting with the quote at `start`. */
function stringEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x5c) index++;
    else if (char === 0x22) return index + 1;
  }
  return text.length;
}

function skipWhitespace(text: string, index: number): number {
  while (index < text.length && whitespace.has(text.charCodeAt(index))) index++;
  return index;
}

/** The raw text of `key`'s value in the top-level object `text` (the last one, as JSON.parse keeps), or null. */
export function rawJsonMember(text: string, key: string): string | null {
  let index = skipWhitespace(text, 0);
  if (text[index] !== '{') return null;
  index = skipWhitespace(text, index + 1);
  let found: string | null = null;
  while (index < text.length && text[index] === '"') {
    const keyEnd = stringEnd(text, index);
    const name = JSON.parse(text.slice(index, keyEnd)) as string;
    index = skipWhitespace(text, keyEnd);
    index = skipWhitespace(text, index + 1); // the colon
    const end = valueEnd(text, index);
    if (name === key) found = text.slice(index, end);
    index = skipWhitespace(text, end);
    if (text[index] === ',') index = skipWhitespace(text, index + 1);
  }
  return found;
}
