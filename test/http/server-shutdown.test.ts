import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { after, before, it } from 'node:test';
import { AppProcess, type Exit } from '../support/app-process';
import { csrfFrom, sessionCookie } from '../support/http-client';
import { describeOnEachDatabase, type TestDatabase } from '../support/test-databases';

/** Reads from `socket`, leaving it open, until `done(text so far)` is true; rejects if it ends first. */
function readUntil(socket: Socket, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) return reject(new Error('the connection was already closed'));
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (!done(text)) return;
      socket.off('data', onData).off('end', onEnd).off('error', onError);
      resolve(text);
    };
    const onEnd = () => reject(new Error(`the connection ended after: ${JSON.stringify(text)}`));
    const onError = (err: Error) => reject(new Error(`the connection failed (${err.message}) after: ${JSON.stringify(text)}`));
    socket.on('data', onData).once('end', onEnd).once('error', onError);
  });
}

/** Whether a new TCP connection to `url` is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

describeOnEachDatabase('stopping the server with SIGTERM', (target) => {
  let database: TestDatabase;
  let server: AppProcess;
  before(async () => {
    database = await target.create('shutdown');
    server = await AppProcess.start({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      SESSION_SECRET: 'shutdown-test-secret-'.padEnd(40, 'x'),
      LOG_LEVEL: 'info',
      PG_POOL_SIZE: '3',
    });
  });
  after(async () => {
    await server?.stop();
    await database?.remove();
  });

  it('finishes a login whose body is still uploading, refuses new connections meanwhile, closes the pool and exits 0', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
    const page = await fetch(`${server.url}/login`);
    const cookie = sessionCookie({ headers: { 'set-cookie': page.headers.getSetCookie() } })!;
    const body = new URLSearchParams({ _csrf: csrfFrom(await page.text()), username: 'alice', password: 'demo' }).toString();

    // A browser on a slow line: the headers go out, the body follows later.
    // `Expect: 100-continue` makes the server say when it has the request.
    const { hostname, port } = new URL(server.url);
    const socket = connect(Number(port), hostname);
    let reset: Error | null = null;
    socket.on('error', (err) => (reset = err)); // reported below with the server's output
    await once(socket, 'connect');
    socket.write(
      `POST /login HTTP/1.1\r\nHost: ${hostname}:${port}\r\nCookie: ${cookie}\r\n` +
        `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    assert.match(await readUntil(socket, (t) => t.includes('\r\n\r\n')), /^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    socket.write(body.slice(0, 20));

    const exit: Promise<Exit> = server.exited;
    server.signal('SIGTERM');
    // The listener closes first: wait until a new connection is refused (a condition, not a clock).
    while (!(await refused(server.url))) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(server.exitCodeNow(), null, 'still running while the request is in flight');

    socket.write(body.slice(20));
    const response = await readUntil(socket, (t) => t.includes('\r\n\r\n')).catch((error: Error) => {
      throw new Error(`${error.message} (${String(reset)})\nserver output:\n${server.output()}`);
    });
    assert.match(response, /^HTTP\/1\.1 303 /, 'the login in flight was answered in full');
    assert.match(response, /\r\nLocation: \/tasks\/inbox\r\n/i);
    socket.destroy();

    assert.deepEqual(await exit, { code: 0, signal: null });
    const messages = server.logs().map((l) => l.msg);
    assert.ok(messages.includes('shutting down: no new connections, finishing requests in flight'));
    assert.ok(messages.includes('stopped'), 'the database was closed before exit');
    assert.ok(!messages.includes('requests still running after the grace period; closing anyway'));
    const requestLines = server.logs().filter((l) => typeof l.req === 'object');
    assert.ok(requestLines.some((l) => (l.req as { url: string }).url === '/login'), 'requests are logged');
    assert.ok(!requestLines.some((l) => (l.req as { url: string }).url === '/healthz'), 'health probes are not');
  });
});
