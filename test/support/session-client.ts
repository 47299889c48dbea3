import { csrfFrom } from './http-client';

export interface Reply {
  status: number;
  location: string | null;
  text: string;
}

/**
 * One user's browser session over real HTTP with Node's fetch: it keeps the
 * session cookie and sends it to whichever server a call names, as a load
 * balancer without sticky sessions would. Redirects are not followed.
 */
export class SessionClient {
  cookie: string | null = null;
  #token: string | null = null;

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Reply> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('pauseflow.sid='));
    if (set && set.split(';')[0] !== this.cookie) {
      this.cookie = set.split(';')[0]!;
      this.#token = null; // a new session has a token of its own
    }
    return { status: res.status, location: res.headers.get('location'), text: await res.text() };
  }

  get(base: string, path: string): Promise<Reply> {
    return this.request(base + path);
  }

  /**
   * The session's CSRF token, read once from a page of `base` (`path`) and
   * kept: the app keeps one token per session, which every instance accepts.
   */
  async token(base: string, path = '/tasks/inbox'): Promise<string> {
    this.#token ??= csrfFrom((await this.get(base, path)).text);
    return this.#token;
  }

  /** POSTs a form with the session's CSRF token. */
  async post(base: string, path: string, fields: Record<string, string>): Promise<Reply> {
    const token = await this.token(base);
    return this.request(base + path, { form: { _csrf: token, ...fields } });
  }

  async login(base: string, username: string, password = 'demo'): Promise<Reply> {
    const token = await this.token(base, '/login');
    return this.request(`${base}/login`, { form: { _csrf: token, username, password } });
  }
}

/** The hidden version field of a task page. */
export function versionIn(html: string): string {
  const match = /name="version" value="(\d+)"/.exec(html);
  if (!match) throw new Error(`the page has no version field:\n${html.slice(0, 500)}`);
  return match[1]!;
}
