import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, type Workbench } from './workbench';

describe('workbench: the Payment APIs container', { timeout: 180_000 }, () => {
  let wb: Workbench;
  before(async () => {
    wb = await openWorkbench({ 'README.md': '# demo\n' });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens from the activity bar and shows the Accounts welcome content', async () => {
    await wb.page.click('.activitybar [aria-label^="Payment APIs"]');
    const welcome = wb.page.locator('.welcome-view-content', { hasText: 'No payment API accounts yet' });
    await welcome.waitFor({ timeout: 30_000 });
    assert.ok(await welcome.locator('a.monaco-button, .monaco-button', { hasText: 'Add Account' }).isVisible());
    const shot = await wb.screenshot('accounts-welcome');
    assert.ok(fs.statSync(shot).size > 10_000);
  });

  it('runs "Payment API: Show Log" from the command palette', async () => {
    await wb.runCommand('Payment API: Show Log');
    const output = wb.page.locator('.part.panel .view-lines', { hasText: 'Payment API Toolkit' });
    await output.first().waitFor({ timeout: 30_000 });
    assert.match(await output.first().innerText(), /activated/);
    await wb.screenshot('show-log');
  });
});
