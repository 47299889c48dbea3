import assert from 'node:assert/strict';
import type { Express } from 'express';
import request from 'supertest';

export type Agent = ReturnType<typeof request.agent>;

/** The CSRF token of the first form in a page. */
export function csrfFrom(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  assert.ok(match, 'the page has a CSRF token');
  return match[1]!;
}

/** The session cookie's value from a response, if it set one. */
export function sessionCookie(res: { headers: Record<string, unknown> }): string | null {
  const cookies = (res.headers['set-cookie'] as string[] | undefined) ?? [];
  const found = cookies.find((c) => c.startsWith('pauseflow.sid='));
  return found ? found.split(';')[0]! : null;
}

/** A browser-like client: keeps cookies, reads CSRF tokens from pages. */
export class WebClient {
  readonly agent: Agent;
  constructor(readonly app: Express) {
    this.agent = request.agent(app);
  }

  /** GETs `path` and returns the CSRF token its form carries. */
  async token(path = '/tasks/inbox'): Promise<string> {
    const res = await this.agent.get(path);
    return csrfFrom(res.text);
  }

  async login(username: string, password = 'demo') {
    const token = await this.token('/login');
    return this.agent.post('/login').type('form').send({ _csrf: token, username, password });
  }

  /** POSTs a form with the session's CSRF token, read from the page `from` (a page without side effects). */
  async post(path: string, fields: Record<string, string>, from = '/tasks/inbox') {
    const token = await this.token(from);
    return this.agent.post(path).type('form').send({ _csrf: token, ...fields });
  }
}

export async function loggedIn(app: Express, username: string): Promise<WebClient> {
  const client = new WebClient(app);
  const res = await client.login(username);
  assert.equal(res.status, 303, `login as ${username}`);
  return client;
}
