import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * The real server (`src/server.ts` under tsx) as a child process, the way
 * `npm start` runs it, on `env`'s DATABASE_URL and PORT.
 */
export class ServerProcess {
  #child: ChildProcess | null = null;
  #output: string[] = [];
  readonly url: string;

  constructor(readonly env: Record<string, string>) {
    this.url = `http://127.0.0.1:${env.PORT}`;
  }

  /** Starts the server and waits until it answers the login page. */
  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    const keep = (chunk: Buffer) => {
      this.#output.push(chunk.toString());
      if (this.#output.length > 50) this.#output.shift();
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const exited = once(child, 'exit');
    // A bound on start-up, not a timing assertion: a server that never comes up fails here with its output.
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) break;
      const up = await fetch(`${this.url}/login`).then((r) => r.status === 200, () => false);
      if (up) return;
      await Promise.race([new Promise((r) => setTimeout(r, 100)), exited]);
    }
    throw new Error(`the server did not start:\n${this.output()}`);
  }

  /** SIGKILL: no shutdown code runs, requests in flight are cut. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGKILL');
    await exited;
  }

  /** SIGTERM: the graceful shutdown; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    return code;
  }

  output(): string {
    return this.#output.join('');
  }
}
