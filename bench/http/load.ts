import autocannon from 'autocannon';
import type { BrowserSession } from './browser-session';

export interface LoadResult {
  name: string;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Status code → count; anything but the expected code is reported as a failure. */
  statuses: Record<string, number>;
}

export interface LoadOptions {
  name: string;
  url: string;
  path: string;
  expectStatus: number;
  connections: number;
  seconds: number;
  session?: BrowserSession;
  /** For POSTs: the path and form body of the n-th request. */
  post?: (n: number) => { path: string; body: string };
}

/**
 * Drives the server with autocannon on loopback (bounded in time and count)
 * and checks that every answer had the expected status.
 */
export async function load(opts: LoadOptions): Promise<LoadResult> {
  const headers: Record<string, string> = opts.session ? { cookie: opts.session.cookie } : {};
  let n = 0;
  const post = opts.post;
  const result = await autocannon({
    url: opts.url,
    connections: opts.connections,
    duration: opts.seconds,
    headers,
    requests: [
      post
        ? {
            method: 'POST',
            setupRequest: (req) => {
              const next = post(n++);
              return {
                ...req,
                path: next.path,
                body: next.body,
                headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
              };
            },
          }
        : { method: 'GET', path: opts.path },
    ],
  });
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, Number((stat as { count: number }).count)]),
  );
  const unexpected = Object.entries(statuses).filter(([code]) => Number(code) !== opts.expectStatus);
  if (unexpected.length || result.errors > 0 || result.timeouts > 0) {
    throw new Error(
      `${opts.name}: unexpected answers ${JSON.stringify(statuses)}, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    name: opts.name,
    rps: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    statuses,
  };
}
