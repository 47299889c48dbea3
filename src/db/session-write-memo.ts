import type session from 'express-session';

/** An expiry this close to the stored one is not worth a write: at most a minute, 1% of the time left. */
const MAX_SLACK_MS = 60_000;
const SLACK_SHARE = 0.01;

interface Entry {
  /** The session data without its cookie (express-session rewrites the cookie on every response). */
  content: string;
  expiresAt: number;
}

/** What matters in session data for deciding whether it changed. */
export function sessionContent(data: session.SessionData): string {
  return JSON.stringify({ ...data, cookie: undefined });
}

/**
 * What this process last knew to be in each session row (read or written),
 * so that the store can skip writes that would change nothing that matters:
 * a rolling session otherwise rewrites its row on every request only to push
 * the expiry out by a few seconds. Skipping is safe with several instances:
 * rows are read on every request (and remembered then), so a decision is
 * never based on more than what that request itself saw; the cost is that a
 * row may expire up to the slack earlier than the cookie says. Bounded: the
 * oldest entries are dropped first, which only means one extra write.
 */
export class SessionWriteMemo {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(max = 10_000) {
    this.#max = max;
  }

  remember(sid: string, content: string, expiresAt: Date): void {
    this.#entries.delete(sid);
    this.#entries.set(sid, { content, expiresAt: expiresAt.getTime() });
    if (this.#entries.size > this.#max) this.#entries.delete(this.#entries.keys().next().value!);
  }

  forget(sid: string): void {
    this.#entries.delete(sid);
  }

  clear(): void {
    this.#entries.clear();
  }

  /**
   * True when the row already holds `content` (if given) and an expiry no
   * more than the slack before `expiresAt`: writing would gain nothing.
   */
  covers(sid: string, expiresAt: Date, now: Date, content?: string): boolean {
    const entry = this.#entries.get(sid);
    if (!entry || (content !== undefined && entry.content !== content)) return false;
    const wanted = expiresAt.getTime();
    const slack = Math.min(MAX_SLACK_MS, (wanted - now.getTime()) * SLACK_SHARE);
    return wanted >= entry.expiresAt && wanted - entry.expiresAt <= slack;
  }
}
