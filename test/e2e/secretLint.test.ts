import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openWorkbench, type Workbench } from './workbench';

describe('workbench: a secret typed into an editor', { timeout: 240_000 }, () => {
  let wb: Workbench;
  const key = ['sk', 'live', 'Zq7Lm2Xp9Rt4Vw1Ny8Ks3Hd6Jf0Gb5Ca'].join('_');
  before(async () => {
    wb = await openWorkbench({ 'src/pay.ts': "export const stripeKey = '';\n" });
  });
  after(async () => {
    await wb?.close();
  });

  it('is squiggled while typing and offers the quick fixes', async () => {
    const { page } = wb;
    // F1 opens the quick input; without the leading '>' it searches files.
    await page.keyboard.press('F1');
    await page.locator('.quick-input-widget input').first().fill('pay.ts');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'pay.ts' }).first().click();
    const editor = page.locator('.monaco-editor .view-lines').first();
    await editor.waitFor({ timeout: 30_000 });
    await page.locator('.monaco-editor .view-line', { hasText: 'stripeKey' }).click();
    await page.keyboard.press('End');
    for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowLeft');
    await page.keyboard.type(key, { delay: 5 });
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30_000 });
    await wb.screenshot('secret-squiggle');
    // Put the cursor inside the secret (its end is a boundary), then open the quick fixes; the code
    // actions are computed asynchronously, so reopen the menu if it came up before them.
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    const menu = page.locator('.action-widget');
    const fix = menu.locator(
      'text=Move the secret to .env (the value will sit on disk in plain text) and use process.env.STRIPE_SECRET_KEY',
    );
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
    assert.ok(await menu.locator('text=Ignore this finding on this line').count());
    await wb.screenshot('secret-quick-fix');
    await page.keyboard.press('Escape');
  });
});
