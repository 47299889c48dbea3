import { csrfFrom } from './http-client';

export interface FetchResponse {
  status: number;
  location: string | null;
  headers: Headers;
  text: string;
}

/**
 * A browser-like client over real HTTP with Node's fetch: it keeps the
 * session cookie, never follows redirects, and reads CSRF tokens from pages.
 * Unlike supertest it can talk to any server, including a child process.
 */
export class FetchClient {
  cookie: string | null = null;
  constructor(readonly baseUrl: string) {}

  async request(method: string, path: string, init: { body?: string; type?: string; headers?: Record<string, string> } = {}): Promise<FetchResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (init.type) headers['content-type'] = init.type;
    const res = await fetch(this.baseUrl + path, { method, headers, body: init.body, redirect: 'manual' }).catch((error: Error) => {
      const cause = (error.cause as { code?: string; message?: string } | undefined) ?? {};
      throw new Error(`${method} ${path}: ${error.message} (${cause.code ?? cause.message ?? 'no cause'})`, { cause: error });
    });
    const set = res.headers.getSetCookie().find((c) => c.startsWith('pauseflow.sid='));
    if (set) this.cookie = set.split(';')[0]!;
    return { status: res.status, location: res.headers.get('location'), headers: res.headers, text: await res.text() };
  }

  get(path: string, headers?: Record<string, string>): Promise<FetchResponse> {
    return this.request('GET', path, { headers });
  }

  /** POSTs urlencoded fields (repeated keys as arrays) as they are given: no token added. */
  postRaw(path: string, fields: Record<string, string | string[]> | string, headers?: Record<string, string>): Promise<FetchResponse> {
    const body = typeof fields === 'string' ? fields : encodeForm(fields);
    return this.request('POST', path, { body, type: 'application/x-www-form-urlencoded', headers });
  }

  /** The CSRF token of the form on `path`. */
  async token(path = '/tasks/inbox'): Promise<string> {
    return csrfFrom((await this.get(path)).text);
  }

  async login(username: string, password = 'demo'): Promise<FetchResponse> {
    const token = await this.token('/login');
    return this.postRaw('/login', { _csrf: token, username, password });
  }
}

export function encodeForm(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, one);
  }
  return params.toString();
}

/** A client logged in as `username` (demo password), or an error saying why not. */
export async function fetchLoggedIn(baseUrl: string, username: string): Promise<FetchClient> {
  const client = new FetchClient(baseUrl);
  const res = await client.login(username);
  if (res.status !== 303) throw new Error(`login as ${username} answered ${res.status}`);
  return client;
}

/** The hidden version field of a task page. */
export function versionFrom(html: string): string {
  const match = /name="version" value="(\d+)"/.exec(html);
  if (!match) throw new Error('the page has no version field');
  return match[1]!;
}
