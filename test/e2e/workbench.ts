// Opens the real workbench (code-server) with the extension under development in headless Chromium,
// for tests that act as a person would: clicks, keys, screenshots.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  ensureCodeServer,
  keepOnLoopback,
  launchChromium,
  startCodeServer,
  workbenchUrl,
} from '../harness/codeServer.mjs';

export const ROOT = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.join(ROOT, 'test-results', 'e2e');

export interface Workbench {
  page: Page;
  workspace: string;
  /** code-server's own folder: user data (settings, state databases, secrets), logs, XDG dirs. */
  serverDir: string;
  /** Runs a command by its title through the command palette (F1). */
  runCommand(title: string): Promise<void>;
  /** Answers the open quick input: types `text` (if any) and presses Enter. */
  answer(text?: string): Promise<void>;
  /** Saves a screenshot under test-results/e2e/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** What a person does in a workbench page: commands from the palette, answers, screenshots. */
export function actionsOf(page: Page): Pick<Workbench, 'runCommand' | 'answer' | 'screenshot'> {
  return {
    async runCommand(title) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input[type="text"]');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      // Click the row whose label is exactly `title`: Enter would take the best fuzzy match instead.
      const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
      const row = page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exact }) });
      await row.first().click();
    },
    async answer(text) {
      const input = page.locator('.quick-input-widget input');
      await input.first().waitFor({ state: 'visible' });
      if (text !== undefined) await input.first().fill(text);
      await page.waitForTimeout(150);
      await page.keyboard.press('Enter');
    },
    async screenshot(name) {
      const file = path.join(ARTIFACTS, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
  };
}

/** Starts code-server on a fresh workspace (filled by `files`) and opens it with the extension. */
export async function openWorkbench(
  files: Record<string, string> = {},
  settings: Record<string, unknown> = {},
): Promise<Workbench> {
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-e2e-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
    fs.writeFileSync(path.join(workspace, name), text);
  }
  const server = await startCodeServer({ bin: ensureCodeServer(), settings });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await keepOnLoopback(context);
    const page = await context.newPage();
    await page.goto(workbenchUrl({ authority: server.authority, folder: workspace, extensionDevelopmentPath: ROOT }));
    await page.waitForSelector('.monaco-workbench .part.activitybar', { timeout: 60_000 });
    await page.waitForSelector('.activitybar [aria-label^="Payment APIs"]', { timeout: 60_000 });
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const b = browser;
    return {
      page,
      workspace,
      serverDir: server.tmp,
      ...actionsOf(page),
      async close() {
        await b.close();
        await server.stop();
        fs.rmSync(workspace, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await browser?.close();
    await server.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
    throw e;
  }
}
