import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { helcimToken } from '../unit/fixtures';
import { openWorkbench, type Workbench } from './workbench';

describe('workbench: the Webhook Inspector', { timeout: 240_000 }, () => {
  let wb: Workbench;
  const verifier = randomBytes(24).toString('base64');
  const body = '{"id":"25764674","type":"cardTransaction"}';
  /** A delivery signed now with the verifier token (independently, with node:crypto). */
  const captured = (sent: string) => {
    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', Buffer.from(verifier, 'base64')).update(`msg_e2e.${ts}.${body}`).digest('base64');
    return `POST /webhooks HTTP/1.1\nwebhook-id: msg_e2e\nwebhook-timestamp: ${ts}\nwebhook-signature: v1,${sig}\n\n${sent}`;
  };

  before(async () => {
    wb = await openWorkbench({ 'README.md': '# demo\n' });
  });
  after(async () => {
    await wb?.close();
  });

  it('a pasted delivery whose body was re-serialised is diagnosed as such; the exact one verifies', async () => {
    const { page } = wb;
    await page.click('.activitybar [aria-label^="Payment APIs"]');
    await wb.runCommand('Payment API: Add Account…');
    await wb.answer('Helcim');
    await wb.answer('Hooks Shop');
    await wb.answer('Test account');
    await wb.answer(helcimToken());
    await wb.answer('All workspaces');
    await page.locator('.part.sidebar .monaco-list-row', { hasText: 'Hooks Shop' }).waitFor({ timeout: 20_000 });
    await wb.runCommand('Payment API: Set Webhook Secret… (or Rotate)');
    await page.locator('.quick-input-widget input[type="password"]').waitFor({ state: 'visible' });
    await wb.answer(verifier);
    await wb.runCommand('Payment API: Open Webhook Inspector');
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const input = frame.locator('textarea#request');
    await input.waitFor({ timeout: 30_000 });
    await frame.locator('#account option', { hasText: 'Hooks Shop' }).waitFor({ state: 'attached', timeout: 20_000 });
    await input.fill(captured(JSON.stringify(JSON.parse(body), null, 2)));
    await frame.locator('#verify').click();
    const cause = frame.locator('li[data-cause="body-changed"]');
    await cause.waitFor({ timeout: 20_000 });
    assert.equal(await frame.locator('.verdict').innerText(), '✘ Not verified');
    assert.match(await cause.innerText(), /^The signature matches the body as compact JSON/);
    assert.match(await cause.innerText(), /Verify the raw request bytes before any JSON parsing/);
    await wb.screenshot('webhook-inspector-body-changed');
    await input.fill(captured(body));
    await frame.locator('#verify').click();
    await frame.locator('.verdict.ok').waitFor({ timeout: 20_000 });
    assert.match(await frame.locator('.verdict').innerText(), /^✔ Verified: signature 1 of 1/);
    assert.ok(!(await page.content()).includes(verifier), 'the secret is not in the workbench page');
    await wb.screenshot('webhook-inspector-verified');
  });

  it('secrets at run time: the status bar counts the injected secrets and turns injection off', async () => {
    const { page } = wb;
    await wb.runCommand('Payment API: Feed an Environment Variable from This Account…');
    await wb.answer('Hooks Shop');
    await wb.answer('HELCIM_API_TOKEN');
    const status = page.locator('.statusbar-item', { hasText: '1 secret injected' });
    await status.waitFor({ timeout: 20_000 });
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /Hooks Shop.*feeds HELCIM_API_TOKEN/s })
      .waitFor({ timeout: 20_000 });
    await wb.screenshot('secrets-injected');
    await status.click();
    await wb.answer('Turn Injection Off');
    await page.locator('.statusbar-item', { hasText: 'injection off' }).waitFor({ timeout: 20_000 });
  });
});
