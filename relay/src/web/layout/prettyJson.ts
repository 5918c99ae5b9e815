/**
 * Indents JSON text for people without parsing it into numbers: JSON.parse would show 12345678901234567890 as
 * 12345678901234567000, while deliveries carry the exact bytes. Numbers, strings (escapes as sent) and literals
 * are copied as they are; only whitespace between them changes. `text` must be valid JSON.
 */
export function prettyJson(text: string, indent = '  '): string {
  let out = '';
  let depth = 0;
  const newline = () => '\n' + indent.repeat(depth);
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      let end = index + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      out += text.slice(index, end + 1);
      index = end;
    } else if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      let next = index + 1;
      while (/\s/.test(text[next] ?? '')) next++;
      if (text[next] === close) {
        out += char + close; // {} and [] stay on one line
        index = next;
      } else {
        depth++;
        out += char + newline();
      }
    } else if (char === '}' || char === ']') {
      depth--;
      out += newline() + char;
    } else if (char === ',') out += ',' + newline();
    else if (char === ':') out += ': ';
    else if (!/\s/.test(char)) out += char;
  }
  return out;
}
