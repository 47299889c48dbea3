import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** One parsed pino line of the server's output. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * The real server as `npm start` runs it (`node --import tsx src/server.ts`),
 * in a child process of its own, listening on a port the system chose
 * (PORT=0). Only `env` and PATH reach it: no variable of the test process
 * leaks in. Not the `tsx` CLI: it runs the app in a grandchild and, when
 * that one does not confirm a relayed SIGTERM within about 60 ms (a busy
 * event loop), kills it with SIGKILL, so shutdown would not be graceful.
 */
export class AppProcess {
  readonly #child: ChildProcess;
  readonly #lines: string[] = [];
  readonly exited: Promise<Exit>;
  url = '';

  private constructor(env: Record<string, string>) {
    this.#child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const collect = (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop()!;
      this.#lines.push(...lines);
    };
    this.#child.stdout!.on('data', collect);
    this.#child.stderr!.on('data', collect);
    this.exited = once(this.#child, 'exit').then(([code, signal]) => ({ code, signal }) as Exit);
  }

  /** Starts the server and resolves once it listens; rejects with its output if it exits first. */
  static async start(env: Record<string, string>): Promise<AppProcess> {
    const app = new AppProcess(env);
    const listening = (async () => {
      // A bound on start-up (not a timing assertion): a server that hangs fails here with its output.
      for (let i = 0; i < 1200; i++) {
        const line = app.logs().find((l) => typeof l.msg === 'string' && l.msg.startsWith('Pauseflow is listening'));
        if (line) return `http://127.0.0.1:${String(line.port)}`;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      app.signal('SIGKILL');
      throw new Error(`the server did not listen within a minute:\n${app.output()}`);
    })();
    const url = await Promise.race([
      listening,
      app.exited.then((exit) => {
        throw new Error(`the server exited before listening (${JSON.stringify(exit)}):\n${app.output()}`);
      }),
    ]);
    app.url = url;
    return app;
  }

  /** Every line it printed so far. */
  output(): string {
    return this.#lines.join('\n');
  }

  /** The JSON log lines it printed so far. */
  logs(): LogLine[] {
    return this.#lines.flatMap((line) => {
      try {
        const parsed: unknown = JSON.parse(line);
        return parsed && typeof parsed === 'object' ? [parsed as LogLine] : [];
      } catch {
        return [];
      }
    });
  }

  /** The exit code if it has exited, else null. */
  exitCodeNow(): number | null {
    return this.#child.exitCode;
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  /** SIGTERM, then the exit. */
  async stop(): Promise<Exit> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.signal('SIGTERM');
    return this.exited;
  }
}
