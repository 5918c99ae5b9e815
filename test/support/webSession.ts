/** Signs in to a relay's web page over plain HTTP (no browser): the session cookie and a CSRF token for forms. */
export interface WebSession {
  cookies: string;
  csrfToken: string;
  /** GET a /ui page with the session. */
  get(path: string): Promise<Response>;
  /** POST a /ui form with the session and its CSRF token. */
  post(path: string, fields?: Record<string, string>): Promise<Response>;
}

export const cookieHeader = (response: Response) => response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
export const csrfTokenIn = (page: string) => /name="_csrf" value="([^"]+)"/.exec(page)![1];

export async function signInToWeb(baseUrl: string, apiKey: string): Promise<WebSession> {
  const signInPage = await fetch(`${baseUrl}/ui/sign-in`);
  const signedIn = await fetch(`${baseUrl}/ui/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookieHeader(signInPage) },
    body: new URLSearchParams({ _csrf: csrfTokenIn(await signInPage.text()), api_key: apiKey, next: '/ui/webhooks' }),
  });
  if (signedIn.status !== 303) throw new Error(`sign-in answered ${signedIn.status}`);
  const cookies = cookieHeader(signedIn);
  const csrfToken = csrfTokenIn(await (await fetch(`${baseUrl}/ui/webhooks`, { headers: { cookie: cookies } })).text());
  return {
    cookies,
    csrfToken,
    get: (path) => fetch(`${baseUrl}${path}`, { redirect: 'manual', headers: { cookie: cookies } }),
    post: (path, fields = {}) => fetch(`${baseUrl}${path}`, { method: 'POST', redirect: 'manual', headers: { cookie: cookies }, body: new URLSearchParams({ _csrf: csrfToken, ...fields }) }),
  };
}
