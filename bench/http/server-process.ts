import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The real server (src/server.ts, the composition root) in a child process
 * on an ephemeral loopback port, in production mode (view cache on) with
 * access logs off. Samples the child's peak RSS (VmHWM) while it runs.
 */
export class ServerProcess {
  readonly url: string;
  #child: ChildProcess;
  #sampler: NodeJS.Timeout;
  #peakKb = 0;
  #stderr = '';

  private constructor(child: ChildProcess, port: number) {
    this.#child = child;
    this.url = `http://127.0.0.1:${port}`;
    child.stderr?.on('data', (chunk: Buffer) => {
      this.#stderr = (this.#stderr + chunk.toString()).slice(-4000);
    });
    this.#sampler = setInterval(() => this.#sample(), 200);
  }

  /** `nodeArgs`: extra flags for the server's node, e.g. `--cpu-prof` when looking for where the time goes. */
  static async start(databaseUrl: string, nodeArgs: string[] = []): Promise<ServerProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl,
        SESSION_SECRET: 'bench-session-secret-0123456789abcdef',
        LOG_LEVEL: 'warn',
        SEED_DEMO: 'false',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const server = new ServerProcess(child, port);
    await server.#waitReady();
    return server;
  }

  /** Peak resident set size of the server so far (VmHWM), in MB. */
  get peakRssMb(): number {
    this.#sample();
    return this.#peakKb / 1024;
  }

  /**
   * Starts a new peak: the kernel resets VmHWM to the current RSS (writing
   * 5 to clear_refs), so that later readings cover only what runs after
   * this, not the start-up (migration check, module loading).
   */
  resetPeakRss(): void {
    this.#sample();
    writeFileSync(`/proc/${this.#child.pid}/clear_refs`, '5');
    this.#peakKb = 0;
    this.#sample();
  }

  /** Current resident set size (VmRSS), in MB. */
  get rssMb(): number {
    const status = readFileSync(`/proc/${this.#child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  }

  #sample(): void {
    try {
      const status = readFileSync(`/proc/${this.#child.pid}/status`, 'utf8');
      const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
      if (kb > this.#peakKb) this.#peakKb = kb;
    } catch {
      // The process has exited.
    }
  }

  async #waitReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.#child.exitCode !== null) throw new Error(`server exited: ${this.#stderr}`);
      try {
        if ((await fetch(`${this.url}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`server did not start in time: ${this.#stderr}`);
  }

  async stop(): Promise<void> {
    clearInterval(this.#sampler);
    if (this.#child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.kill('SIGTERM');
    await exited;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
