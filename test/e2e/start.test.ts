import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_LABELS } from '../../src/core/demo/demoAccounts';
import type { DemoFile } from '../../src/core/demo/demoFile';
import { keepOnLoopback, launchChromium } from '../harness/codeServer.mjs';
import { filesUnder } from '../unit/fixtures';
import { ARTIFACTS, ROOT, actionsOf } from './workbench';

/** What `npm start` prints, read back from its output. */
interface Printed {
  url: string;
  workspace: string;
  secretsFile: string;
  serverDir: string;
  standIns: string[];
}

function printed(out: string): Printed | undefined {
  const url = /(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)/.exec(out)?.[1];
  const secretsFile = /Demo secrets file \(0600, removed on stop\): (\S+)/.exec(out)?.[1];
  const serverDir = /VS Code data and logs: (\S+)/.exec(out)?.[1];
  const standIns = /Local stand-ins: Helcim (\S+), Gr4vy (\S+) /.exec(out);
  if (!url || !secretsFile || !serverDir || !standIns) return undefined;
  const workspace = decodeURIComponent(/folder=([^&]+)/.exec(url)?.[1] ?? '');
  return { url, workspace, secretsFile, serverDir, standIns: [standIns[1] ?? '', standIns[2] ?? ''] };
}

/** Every file of the repository that is ours (not node_modules, not git's objects). */
function repositoryFiles(): string[] {
  return fs
    .readdirSync(ROOT, { withFileTypes: true })
    .filter((e) => !['node_modules', '.git'].includes(e.name))
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(ROOT, e.name)) : [path.join(ROOT, e.name)]));
}

/** The demo's secrets as they would appear in a file: whole, and the private key's base64 lines. */
function secretsOf(demo: DemoFile): string[] {
  const body = demo.gr4vy.privateKey.split('\n').filter((l) => l && !l.startsWith('-----'));
  // Whole lines only: the key's short last line ("AQ==") is in any file of base64.
  const lines = body.filter((l) => l.length >= 32);
  return [demo.helcim.token, demo.helcim.webhookSecret, demo.gr4vy.webhookSecret, body.join(''), ...lines];
}

describe('npm start: offline, two demo accounts against local stand-ins', { timeout: 300_000 }, () => {
  let child: ChildProcess;
  let out = '';
  let exited: Promise<number | null>;
  let started: Printed;
  let demo: DemoFile;
  let browser: Browser | undefined;
  let page: Page;

  before(async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'test/harness/start.mjs')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    exited = new Promise((r) => child.on('exit', (c) => r(c)));
    started = await new Promise<Printed>((resolve, reject) => {
      const t = setInterval(() => {
        const p = printed(out);
        if (p) {
          clearInterval(t);
          resolve(p);
        }
      }, 100);
      void exited.then((c) => {
        clearInterval(t);
        reject(new Error(`npm start exited (${c}) before printing its URL:\n${out}`));
      });
    });
    demo = JSON.parse(fs.readFileSync(started.secretsFile, 'utf8')) as DemoFile;
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await keepOnLoopback(context);
    page = await context.newPage();
    await page.goto(started.url);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    if (child?.exitCode !== null) return;
    // Ctrl-C first, so npm start stops code-server's process group and removes its folders.
    child.kill('SIGINT');
    const timer = new Promise((r) => setTimeout(r, 20_000));
    if ((await Promise.race([exited.then(() => 'exited'), timer])) !== 'exited') child.kill('SIGKILL');
  });

  it('the demo file is private (0600 in a 0700 folder, outside the workspace) and the workspace holds no secret', () => {
    assert.equal(fs.statSync(started.secretsFile).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(started.secretsFile)).mode & 0o777, 0o700);
    assert.ok(!started.secretsFile.startsWith(started.workspace + path.sep));
    const settings = JSON.parse(fs.readFileSync(path.join(started.workspace, '.vscode', 'settings.json'), 'utf8')) as {
      [k: string]: unknown;
    };
    assert.equal(settings['paymentApi.helcim.baseUrl'], started.standIns[0]);
    assert.equal(settings['paymentApi.gr4vy.baseUrl'], started.standIns[1]);
  });

  it('first screen: the leaky file open, its finding in the Problems panel, the .http file beside, both demo accounts', async () => {
    const wb = actionsOf(page);
    await page.locator('.tabs-container .tab', { hasText: 'leaky.js' }).waitFor({ timeout: 90_000 });
    await page.locator('.tabs-container .tab', { hasText: 'requests.http' }).waitFor({ timeout: 30_000 });
    const editor = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'helcimApiToken' });
    await editor.first().waitFor({ timeout: 30_000 });
    const problem = page.locator('.markers-panel .monaco-list-row', { hasText: /Hard-coded Helcim api-token/ });
    await problem.first().waitFor({ timeout: 60_000 });
    const tab = page.locator('.part.panel .composite-bar .action-item', { hasText: 'Problems' });
    const count = Number((await tab.locator('.badge-content').innerText()).trim());
    assert.ok(count >= 1, `Problems count ${count}`);
    for (const label of [DEMO_LABELS.helcim, DEMO_LABELS.gr4vy]) {
      const row = page.locator('.part.sidebar .monaco-list-row', { hasText: label });
      await row.waitFor({ timeout: 30_000 });
      // Helcim calls its sandbox “test”, Gr4vy “sandbox”: never production.
      assert.match(await row.innerText(), /test|sandbox/);
      assert.doesNotMatch(await row.innerText(), /PRODUCTION/);
    }
    await wb.screenshot('npm-start-first-screen');
  });

  it('the finding’s quick fixes are one click away', async () => {
    const wb = actionsOf(page);
    // A double click on the problem puts the cursor on it in the editor; the fixes are computed
    // asynchronously, so reopen the menu if it came up before them.
    await page
      .locator('.markers-panel .monaco-list-row', { hasText: /Hard-coded Helcim api-token/ })
      .first()
      .dblclick();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const menu = page.locator('.action-widget');
    const fix = menu.locator('text=Ignore this finding on this line');
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await fix.waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await wb.screenshot('npm-start-quick-fixes');
    await page.keyboard.press('Escape');
  });

  it('Test All Connections: both connected, to the stand-ins', async () => {
    const wb = actionsOf(page);
    await wb.runCommand('Payment API: Test All Connections');
    for (const label of ['Helcim demo', 'Gr4vy demo'])
      await page
        .locator('.part.sidebar .monaco-list-row', { hasText: new RegExp(`${label}.*connected`, 's') })
        .waitFor({ timeout: 60_000 });
    await wb.screenshot('npm-start-test-all');
  });

  it('a request sent from the .http file shows its response', async () => {
    const wb = actionsOf(page);
    await page.locator('.tabs-container .tab', { hasText: 'requests.http' }).click();
    const lens = page.locator('.codelens-decoration a', { hasText: `Send as “${DEMO_LABELS.helcim}”` });
    await lens.first().waitFor({ timeout: 30_000 });
    await lens.first().click();
    await page
      .locator('.view-lines', { hasText: /HTTP\s200\s\(\d+\sms\)/ })
      .first()
      .waitFor({ timeout: 30_000 });
    await wb.screenshot('npm-start-request');
  });

  it('a payment sent as the Helcim demo account comes back as a signed webhook that the receiver verifies', async () => {
    const wb = actionsOf(page);
    await wb.runCommand('Payment API: Start Webhook Receiver…');
    await wb.answer(DEMO_LABELS.helcim);
    await wb.answer(''); // no handler to pass deliveries on to
    await page.locator('.statusbar-item', { hasText: /Webhooks \d+/ }).waitFor({ timeout: 20_000 });
    await page.locator('.tabs-container .tab', { hasText: 'requests.http' }).click();
    // The second request is the purchase: its lens asks before the payment is sent.
    await page
      .locator('.codelens-decoration a', { hasText: `Send as “${DEMO_LABELS.helcim}”` })
      .nth(1)
      .click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    assert.match(await dialog.innerText(), /purchase of 10\.5 CAD/);
    await dialog.locator('.monaco-button', { hasText: /^Send$/ }).click();
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /cardTransaction.*verified/s })
      .waitFor({ timeout: 30_000 });
    await wb.screenshot('npm-start-webhook');
  });

  it('no secret of the demo is in the page, npm start’s output, the repository, the workspace, or VS Code’s data and logs', async () => {
    const secrets = secretsOf(demo);
    const content = await page.content();
    assert.deepEqual(
      secrets.filter((s) => content.includes(s)),
      [],
    );
    assert.deepEqual(
      secrets.filter((s) => out.includes(s)),
      [],
      'npm start printed a demo secret',
    );
    // Wait until the extension's log has the send, so the search reads a flushed log.
    const sent = `as “${DEMO_LABELS.helcim}”: HTTP 200`;
    const logged = () =>
      filesUnder(started.serverDir).some(
        (f) => /Payment API Toolkit/.test(path.basename(f)) && fs.readFileSync(f, 'utf8').includes(sent),
      );
    for (const deadline = Date.now() + 15_000; !logged() && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 200));
    assert.ok(logged(), 'the extension log holds the request');
    const files = [...repositoryFiles(), ...filesUnder(started.workspace), ...filesUnder(started.serverDir)];
    assert.ok(files.length > 100, `searched only ${files.length} files`);
    const hits = files.filter((f) => {
      const text = fs.readFileSync(f).toString('latin1');
      return secrets.some((s) => text.includes(s));
    });
    assert.deepEqual(hits, []);
  });

  it('Ctrl-C stops code-server and both stand-ins, and removes the workspace, the demo file and VS Code’s data', async () => {
    await browser?.close();
    browser = undefined;
    child.kill('SIGINT');
    assert.equal(await exited, 0, out);
    for (const p of [started.workspace, path.dirname(started.secretsFile), started.serverDir])
      assert.ok(!fs.existsSync(p), `${p} removed`);
    for (const url of [...started.standIns, started.url]) await assert.rejects(fetch(url), `${url} is closed`);
  });
});
