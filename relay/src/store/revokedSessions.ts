/**
 * Signed-out web sessions are kept as settings `revoked_session:<nonce>` → the cookie's expiry (Unix seconds): a
 * copied cookie must stop working, but only until it would have expired anyway, when the row can go.
 */
export const revokedSessionPrefix = 'revoked_session:';
