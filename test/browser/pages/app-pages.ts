import type { Locator, Page } from 'playwright-core';

/** Small page objects: each knows one page's controls by their visible names. */

export class LoginPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async logIn(username: string, password = 'demo'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/login`);
    await this.page.getByLabel('Username').fill(username);
    await this.page.getByLabel('Password').fill(password);
    await this.page.getByRole('button', { name: 'Log in' }).click();
    await this.page.waitForURL(/\/tasks\/inbox$/);
  }
}

export class Navigation {
  constructor(private readonly page: Page) {}

  async go(label: 'Inbox' | 'Queue' | 'Paused' | 'Archive' | 'Start' | 'Paused queue'): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click();
  }
}

export class TaskListPage {
  constructor(readonly page: Page) {}

  /** The row whose process summary contains `text`. */
  row(text: string): Locator {
    return this.page.locator('tbody tr', { hasText: text });
  }

  async openTask(processText: string, taskTitle: string): Promise<void> {
    await this.row(processText).getByRole('link', { name: taskTitle }).click();
  }

  flash(): Locator {
    return this.page.locator('.flash');
  }
}

export class TaskPage {
  constructor(readonly page: Page) {}

  field(label: string): Locator {
    return this.page.getByLabel(label);
  }

  async fill(values: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(values)) {
      const field = this.field(label);
      const tag = await field.evaluate((el) => el.tagName);
      if (tag === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
  }

  async saveAndPause(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save and Pause' }).click();
  }

  async complete(): Promise<void> {
    await this.page.getByRole('button', { name: 'Complete' }).click();
  }

  async valueOf(label: string): Promise<string> {
    return this.field(label).inputValue();
  }
}

export class PausedQueuePage {
  constructor(readonly page: Page) {}

  row(text: string): Locator {
    return this.page.locator('tbody tr', { hasText: text });
  }

  async reassign(rowText: string, toUser: string): Promise<void> {
    const row = this.row(rowText);
    await row.getByLabel(/Reassign task #\d+ to/).selectOption({ label: toUser });
    await row.getByRole('button', { name: 'Reassign' }).click();
  }
}
