import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium; PAUSEFLOW_CHROMIUM points elsewhere. */
export const CHROMIUM_PATH = process.env.PAUSEFLOW_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Why the browser suite cannot run here, or null when it can. Under CI=true
 * a missing Chromium is a failure, not a skip: CI must run these tests.
 */
export function chromiumUnavailable(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  const reason = `Chromium not found at ${CHROMIUM_PATH} (install it with: apt-get install -y chromium)`;
  if (process.env.CI === 'true') throw new Error(`${reason}; CI=true, so the browser tests must run`);
  return reason;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}
