import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '../../src/auth/passwords';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { fetchLoggedIn, versionFrom } from '../support/fetch-client';
import { listen, startTestApp, type TestApp } from '../support/web-app';
import { LoginPage } from './pages/app-pages';

const skip = chromiumUnavailable();

/** Each payload, if it ever ran, would bump window.__xss and open a dialog. */
const PAYLOADS = [
  '<script>window.__xss=(window.__xss||0)+1;alert(1)</script>',
  '"><img src=x onerror="window.__xss=(window.__xss||0)+1;alert(2)">',
  "'><svg/onload=window.__xss=(window.__xss||0)+1;alert(3)>",
  '</textarea></select></title><script>window.__xss=(window.__xss||0)+1</script>',
  '<iframe srcdoc="<script>parent.__xss=(parent.__xss||0)+1</script>"></iframe>',
  '<details open ontoggle="window.__xss=(window.__xss||0)+1;alert(6)">',
  '" autofocus onfocus="window.__xss=(window.__xss||0)+1;alert(7)" x="',
  "' autofocus onfocus='window.__xss=(window.__xss||0)+1' x='",
  '<style>@import "//evil.example/x.css";</style><base href="//evil.example/">',
  '<% process.exit(1) %> <%= 7*7 %> {{7*7}} ${7*7}',
];
/** Two payloads for field i, within the start form's 200-character limits. */
const payload = (i: number) => `${PAYLOADS[i % PAYLOADS.length]} ${PAYLOADS[(i + 1) % PAYLOADS.length]}`.slice(0, 190);

describe('XSS: payloads typed into every field render as text in Chromium', { skip: skip ?? false }, () => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;
  let taskId: number;
  let processId: number;

  before(async () => {
    t = await startTestApp();
    server = await listen(t.app);
    browser = await launchChromium();
    // A user whose display name is a payload too: it shows in the admin's queue and the history.
    await t.db.users.create('mallory', PAYLOADS[1]!, await hashPassword('demo'), ['user']);
    const alice = await fetchLoggedIn(server.url, 'alice');
    const start = await alice.postRaw('/flows/incoming-mail/start', {
      _csrf: await alice.token(), sender: payload(0), subject: payload(1), received: '2026-03-01', body: PAYLOADS.join('\n'),
    });
    assert.equal(start.status, 303, 'the process starts with payloads as its data');
    processId = Number(/\/processes\/(\d+)/.exec(start.location!)![1]);
    const triage = (await t.db.store.processTasks(processId)).find((x) => x.node === 'triage')!;
    taskId = triage.id;
    assert.equal((await alice.postRaw(`/tasks/${taskId}/take`, { _csrf: await alice.token(), version: String(triage.version) })).status, 303);
    const page = await alice.get(`/tasks/${taskId}`);
    const paused = await alice.postRaw(`/tasks/${taskId}`, {
      _csrf: await alice.token(), version: versionFrom(page.text), _pause: '1',
      category: payload(2), summary: PAYLOADS.join(' '), amount: payload(3), department: payload(4), replyBy: payload(5), urgent: payload(6),
      pauseReason: payload(7), resumeBy: '"><svg/onload=alert(9)>', // resumeBy is at most 40 characters
    });
    assert.equal(paused.status, 303, 'Save and Pause keeps every payload as typed');
    const mallory = await t.db.users.findByUsername('mallory');
    const other = await t.newTriageFor('alice');
    await t.engine.reassign(other.id, t.actor('admin'), { toUserId: mallory!.id });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  interface Seen {
    dialogs: string[];
    console: string[];
    flag: unknown;
    injected: number;
    text: string;
  }

  async function visit(context: BrowserContext, path: string): Promise<Seen> {
    const page: Page = await context.newPage();
    const seen: Seen = { dialogs: [], console: [], flag: undefined, injected: 0, text: '' };
    page.on('dialog', (dialog) => {
      seen.dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => seen.console.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => seen.console.push(`pageerror: ${error.message}`));
    const response = await page.goto(server.url + path);
    assert.equal(response?.status(), 200, path);
    await page.waitForLoadState('load');
    // Focus moves through every control: an injected onfocus would fire.
    for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
    // Evaluated in the page (strings: this project's TypeScript has no DOM types).
    seen.flag = await page.evaluate('window.__xss');
    seen.injected = await page.evaluate<number>(
      `document.querySelectorAll('script, iframe, svg, details, base, style, [onerror], [onload], [onfocus], [ontoggle], img[src="x"]').length`,
    );
    seen.text = await page.evaluate<string>(
      `document.body.innerText + [...document.querySelectorAll('input, textarea, option')].map((e) => e.value).join(' ')`,
    );
    await page.close();
    return seen;
  }

  async function logIn(username: string, bypassCSP: boolean): Promise<BrowserContext> {
    const context = await browser.newContext({ bypassCSP });
    context.setDefaultTimeout(5000);
    await new LoginPage(await context.newPage(), server.url).logIn(username);
    return context;
  }

  for (const bypassCSP of [false, true]) {
    const mode = bypassCSP ? 'with the CSP switched off, so escaping alone must hold' : 'with the CSP on';
    it(`runs no script and shows the payloads as text on the lists, admin queue, process, detail and task pages, ${mode}`, async () => {
      const admin = await logIn('admin', bypassCSP);
      const alice = await logIn('alice', bypassCSP);
      const pages: [BrowserContext, string, boolean][] = [
        [alice, '/tasks/paused', true],
        [alice, '/flows/incoming-mail/paused', true],
        [alice, '/tasks/inbox', false],
        [alice, `/processes/${processId}`, true],
        [admin, '/admin/paused', true],
        [admin, `/tasks/${taskId}/detail`, true],
        [admin, `/processes/${processId}`, true],
        [alice, `/tasks/${taskId}/detail`, true],
        // Last: opening the task resumes it, with every payload back in its field.
        [alice, `/tasks/${taskId}`, true],
      ];
      for (const [context, path, showsPayload] of pages) {
        const seen = await visit(context, path);
        assert.deepEqual(seen.dialogs, [], `${path}: no dialog`);
        assert.equal(seen.flag, undefined, `${path}: no payload ran`);
        assert.equal(seen.injected, 0, `${path}: no element or handler came from a payload`);
        assert.deepEqual(seen.console.filter((line) => /error|Content Security Policy|Refused/i.test(line)), [], `${path}: a clean console`);
        if (showsPayload) assert.ok(seen.text.includes('<script>window.__xss'), `${path}: the payload is shown as text`);
      }
      await admin.close();
      await alice.close();
      if (!bypassCSP) {
        // The first pass resumed the task: pause it again, as typed, for the second pass.
        const task = (await t.db.store.getTask(taskId))!;
        await t.engine.pause(taskId, t.actor('alice'), { version: task.version, draft: task.draft ?? {}, reason: payload(7) });
      }
    });
  }
});
