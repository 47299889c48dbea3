/**
 * A logged-in session as a browser holds it: the session cookie and the
 * CSRF token that the app's forms carry.
 */
export interface BrowserSession {
  cookie: string;
  csrf: string;
}

function cookieOf(res: Response): string | null {
  const found = res.headers.getSetCookie().find((c) => c.startsWith('pauseflow.sid='));
  return found ? found.split(';')[0]! : null;
}

function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token in the page');
  return match[1]!;
}

/** Logs in through the login form and reads the session's CSRF token from a page. */
export async function login(baseUrl: string, username: string, password: string): Promise<BrowserSession> {
  const form = await fetch(`${baseUrl}/login`);
  let cookie = cookieOf(form) ?? '';
  const body = new URLSearchParams({ _csrf: csrfOf(await form.text()), username, password });
  const res = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (res.status !== 303) throw new Error(`login as ${username} failed: ${res.status}`);
  cookie = cookieOf(res) ?? cookie;
  const page = await fetch(`${baseUrl}/tasks/inbox`, { headers: { cookie } });
  if (!page.ok) throw new Error(`inbox after login: ${page.status}`);
  return { cookie, csrf: csrfOf(await page.text()) };
}
