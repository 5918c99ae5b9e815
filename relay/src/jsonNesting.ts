/**
 * How deeply JSON text nests, read without parsing it again. Deeper than maxJsonDepth is refused wherever an event
 * comes in (the API's bodies, bodies recovered from the plugin's send log): JSON.parse copes with any depth, but
 * JSON.stringify (storing an API event, every listing of it afterwards) overflows the stack at a few thousand levels.
 * Ultimate Multisite's payloads are flat.
 */
export const maxJsonDepth = 64;

/**
 * Reads JSON text from its start: how deep its arrays and objects nest (brackets inside strings do not count) and
 * where the first array or object closes (exclusive), or null when none closes.
 */
export function jsonNesting(text: string): { depth: number; end: number | null } {
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
    else if ((char === 0x7d || char === 0x5d) && --depth === 0) return { depth: deepest, end: index + 1 };
  }
  return { depth: deepest, end: null };
}
