/** The Hono environment of the web pages: what the session middleware puts on the context. */
import type { Session } from './session.ts';

export interface WebEnv {
  Variables: {
    /** Set by requireSession on every signed-in page. */
    session: Session;
    /** The CSRF token every form on the page must carry (bound to the session, or to the sign-in nonce). */
    csrfToken: string;
  };
}
