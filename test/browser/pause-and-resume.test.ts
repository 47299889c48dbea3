import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chromiumUnavailable, launchChromium } from '../support/chromium';
import { describeOnEachDatabase } from '../support/test-databases';
import { listen, startTestApp, type TestApp } from '../support/web-app';
import { LoginPage, Navigation, PausedQueuePage, TaskListPage, TaskPage } from './pages/app-pages';

const skip = chromiumUnavailable();
if (skip) console.log(`# browser tests skipped: ${skip}`);

describeOnEachDatabase('in a real browser', (target) => {
  let t: TestApp;
  let server: { url: string; close(): Promise<void> };
  let browser: Browser;

  before(async () => {
    t = await startTestApp({}, target);
    server = await listen(t.app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  async function logInAs(username: string): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(5000);
    const page = await context.newPage();
    await new LoginPage(page, server.url).logIn(username);
    return page;
  }

  it('alice pauses a half-filled form, finds it under Paused, resumes it with every value, completes it and finds it in Archive', async () => {
    const page = await logInAs('alice');
    const nav = new Navigation(page);
    const list = new TaskListPage(page);
    const task = new TaskPage(page);

    await list.openTask('Invoice 2291', 'Triage mail');
    await task.fill({ Category: 'invoice', Summary: 'Harbor Logistics invoice', 'Amount (EUR)': '1 250,00' });
    await task.saveAndPause();
    await page.waitForURL(/\/tasks\/paused$/);
    assert.match(await list.flash().innerText(), /Saved and paused/);
    assert.equal(await list.row('Invoice 2291').count(), 1);

    await nav.go('Inbox');
    await nav.go('Paused');
    await list.openTask('Invoice 2291', 'Triage mail');
    assert.equal(await task.valueOf('Category'), 'invoice');
    assert.equal(await task.valueOf('Summary'), 'Harbor Logistics invoice');
    assert.equal(await task.valueOf('Amount (EUR)'), '1 250,00');
    assert.equal(await task.valueOf('Route to department'), '');

    await task.complete();
    assert.match(await page.locator('#f-amount-error').innerText(), /Enter a number/);
    assert.equal(await task.valueOf('Summary'), 'Harbor Logistics invoice', 'input kept after a failed completion');

    await task.fill({
      Summary: 'Harbor Logistics sends invoice 2291 for the March deliveries, due in 30 days.',
      'Amount (EUR)': '1250',
      'Route to department': 'finance',
    });
    await task.complete();
    await page.waitForURL(/\/tasks\/inbox$/);
    assert.match(await list.flash().innerText(), /Completed/);
    await nav.go('Archive');
    assert.equal(await list.row('Invoice 2291').count(), 1);
    await page.context().close();
  });

  it("the admin sees alice's paused task in the Paused queue and reassigns it to bob", async () => {
    const page = await logInAs('admin');
    await new Navigation(page).go('Paused queue');
    const queue = new PausedQueuePage(page);
    const row = queue.row('Triage mail');
    assert.match(await row.innerText(), /Alice Martin/);
    assert.match(await row.innerText(), /Incoming mail/);
    await queue.reassign('Triage mail', 'Bob Chen');
    assert.match(await page.locator('.flash').innerText(), /reassigned to Bob Chen/);
    assert.match(await queue.row('Triage mail').innerText(), /Bob Chen/);
    await page.context().close();
  });

  it("bob gets 403 on one of alice's tasks", async () => {
    const task = await t.newTriageFor('alice');
    const page = await logInAs('bob');
    const response = await page.goto(`${server.url}/tasks/${task.id}`);
    assert.equal(response?.status(), 403);
    assert.match(await page.locator('h1').innerText(), /Not allowed/);
    await page.context().close();
  });
}, { skip });
