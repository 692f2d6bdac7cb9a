import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { helcimToken } from '../unit/fixtures';
import { openWorkbench, type Workbench } from './workbench';

describe('workbench: a payment secret that would reach the browser', { timeout: 240_000 }, () => {
  let wb: Workbench;
  const token = helcimToken();
  before(async () => {
    wb = await openWorkbench({
      '.gitignore': '.env.local\n',
      // Git-ignored, so no other rule reads it: only the public name is a finding.
      '.env.local': `NEXT_PUBLIC_HELCIM_API_TOKEN=${token}\n`,
      'app/checkout/Pay.tsx':
        "'use client';\n\nexport async function startCheckout() {\n" +
        "  const res = await fetch('https://api.helcim.com/v2/helcim-pay/initialize', {\n" +
        "    method: 'POST',\n    headers: { 'api-token': process.env.NEXT_PUBLIC_HELCIM_API_TOKEN ?? '' },\n" +
        '  });\n  return res.json();\n}\n',
    });
  });
  after(async () => {
    await wb?.close();
  });

  it('is flagged in the component and in the ignored .env.local, and Problems says why', async () => {
    const { page } = wb;
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().fill('Pay.tsx');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Pay.tsx' }).first().click();
    await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.locator('text=/api\\.helcim\\.com/').first().waitFor({ timeout: 30_000 });
    await problems.locator('text=/NEXT_PUBLIC_HELCIM_API_TOKEN/').first().waitFor({ timeout: 30_000 });
    await wb.screenshot('client-exposure-problems');
    // The Problems panel shows names and masked values, never the token.
    assert.ok(!(await problems.innerText()).includes(token.slice(-12)));
  });

  it('the ignored .env.local offers the rename to a server-only name', async () => {
    const { page } = wb;
    // Quick Open leaves git-ignored files out: open it from the Explorer, as a person would.
    await page.keyboard.press('Control+Shift+E');
    await page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: /^\.env\.local$/ })
      .first()
      .click();
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-line', { hasText: /^NEXT_PUBLIC/ }).click();
    await page.keyboard.press('Home');
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    const menu = page.locator('.action-widget');
    for (let attempt = 0; ; attempt++) {
      await page.keyboard.press('Control+.');
      try {
        await menu.locator('text=/Rename to HELCIM_API_TOKEN/').first().waitFor({ timeout: 5_000 });
        break;
      } catch (e) {
        if (attempt === 3) throw e;
        await page.keyboard.press('Escape');
      }
    }
    await wb.screenshot('client-exposure-quick-fix');
    await page.keyboard.press('Escape');
  });
});
