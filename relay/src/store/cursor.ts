/** Page cursors are row sequence numbers; anything else (or beyond what a BIGINT holds) is not a cursor. */
export function isCursor(text: string | undefined): text is string {
  return text !== undefined && /^\d{1,15}$/.test(text);
}
