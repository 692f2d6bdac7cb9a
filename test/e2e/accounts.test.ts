import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mask } from '../../src/core/mask';
import { type Started, helcimHandler, helcimToken, startServer } from '../unit/fixtures';
import { openWorkbench, type Workbench } from './workbench';

describe('workbench: adding and testing an account through the UI', { timeout: 240_000 }, () => {
  let wb: Workbench;
  let helcim: Started;
  const token = helcimToken();

  before(async () => {
    helcim = await startServer(helcimHandler(token));
    wb = await openWorkbench({ 'README.md': '# demo\n' }, { 'paymentApi.helcim.baseUrl': helcim.url });
  });
  after(async () => {
    await wb?.close();
    await helcim?.close();
  });

  it('adds a Helcim account with quick picks and a password box, and the tree shows it masked', async () => {
    const { page } = wb;
    await page.click('.activitybar [aria-label^="Payment APIs"]');
    await page.locator('.welcome-view-content', { hasText: 'No payment API accounts yet' }).waitFor();
    await wb.runCommand('Payment API: Add Account…');
    await wb.answer('Helcim');
    await wb.answer('Storefront');
    await wb.answer('Production');
    const input = page.locator('.quick-input-widget input[type="password"]');
    await input.waitFor({ state: 'visible' });
    await input.fill('too short');
    await page.locator('.quick-input-widget .quick-input-message', { hasText: /white space/ }).waitFor();
    await wb.screenshot('add-account-validation');
    await wb.answer(token);
    await wb.answer('All workspaces');
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'Storefront' });
    await row.waitFor({ timeout: 20_000 });
    const text = await row.innerText();
    assert.match(text, /PRODUCTION/);
    assert.ok(text.includes(mask(token)), `tree row shows the masked token: ${text}`);
    assert.ok(!(await page.content()).includes(token), 'the token appears nowhere in the page');
    const status = page.locator('.statusbar-item', { hasText: 'Storefront (production)' });
    await status.waitFor();
    await wb.screenshot('account-added');
  });

  it('tests the connection from the palette and shows the result in a notification and the tree', async () => {
    const { page } = wb;
    await wb.runCommand('Payment API: Test Connection');
    await page
      .locator('.part.sidebar .monaco-list-row', { hasText: /Storefront.*connected/s })
      .waitFor({ timeout: 30_000 });
    // Toasts may be held back (Do Not Disturb); the notifications centre always lists them.
    await wb.runCommand('Notifications: Show Notifications');
    await page
      .locator('.notifications-center .notification-list-item', { hasText: /Connected to Helcim in \d+ ms/ })
      .waitFor({ timeout: 30_000 });
    await wb.screenshot('account-tested');
  });
});
