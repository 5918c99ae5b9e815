/** The Hono environment of the web pages: what the session middleware puts on the context. */

/** The signed-in session a page runs under (see session.ts for the cookie that proves it). */
export interface Session {
  /** Random per sign-in; the CSRF token is derived from it. */
  nonce: string;
  expiresAt: number;
}

export interface WebEnv {
  Variables: {
    /** Set by requireSession on every signed-in page. */
    session: Session;
    /** The CSRF token every form on the page must carry (bound to the session, or to the sign-in nonce). */
    csrfToken: string;
  };
}
