import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { keepOnLoopback, launchChromium } from '../harness/codeServer.mjs';
import { ARTIFACTS, ROOT } from './workbench';

describe('npm start', { timeout: 180_000 }, () => {
  it('prints a URL that shows VS Code with the Payment APIs container, and stops cleanly on Ctrl-C', async () => {
    const child = spawn(process.execPath, [path.join(ROOT, 'test/harness/start.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    let browser: Browser | undefined;
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const t = setInterval(() => {
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out);
          if (m?.[1]) {
            clearInterval(t);
            resolve(m[1]);
          }
        }, 100);
        void exited.then((c) => {
          clearInterval(t);
          reject(new Error(`npm start exited (${c}) before printing a URL:\n${out}`));
        });
      });
      const workspace = decodeURIComponent(/folder=([^&]+)/.exec(url)?.[1] ?? '');
      assert.ok(fs.existsSync(path.join(workspace, 'helcim', 'leaky.js')), 'demo workspace generated');
      browser = await launchChromium();
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await keepOnLoopback(context);
      const page = await context.newPage();
      await page.goto(url);
      await page.click('.activitybar [aria-label^="Payment APIs"]', { timeout: 60_000 });
      await page.locator('.part.sidebar .title-label', { hasText: /Payment APIs/i }).waitFor({ timeout: 30_000 });
      await page.locator('.welcome-view-content', { hasText: 'No payment API accounts yet' }).waitFor();
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'npm-start.png') });
      await browser.close();
      browser = undefined;
      child.kill('SIGINT');
      assert.equal(await exited, 0);
      assert.ok(!fs.existsSync(workspace), 'demo workspace removed on exit');
    } finally {
      await browser?.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
