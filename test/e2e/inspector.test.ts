import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { signGr4vyToken } from '../../src/core/providers/gr4vy/token';
import { readSigningKey } from '../../src/core/keys/privateKey';
import { p521Key } from '../unit/fixtures';
import { openWorkbench, type Workbench } from './workbench';

describe('workbench: the JWT inspector', { timeout: 240_000 }, () => {
  let wb: Workbench;
  let token = '';
  before(async () => {
    const key = await readSigningKey(p521Key().pkcs8);
    token = await signGr4vyToken(key, { scopes: ['*.read', 'buyers.write', 'payoutz.read'], expiresInSeconds: 600 });
    wb = await openWorkbench({ 'README.md': '# demo\n' });
  });
  after(async () => {
    await wb?.close();
  });

  it('opens from the palette; a token typed into the panel is decoded and explained', async () => {
    await wb.runCommand('Payment API: Open JWT Inspector');
    const frame = wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    const input = frame.locator('textarea#token');
    await input.waitFor({ timeout: 30_000 });
    await input.click();
    await wb.page.keyboard.type(token.slice(0, 40));
    await input.fill(token);
    await frame.locator('.summary').waitFor({ timeout: 20_000 });
    assert.match(await frame.locator('.summary').innerText(), /alg ES512 · typ JWT · kid .* · Gr4vy token/);
    assert.match(await frame.locator('td.relative[data-claim="exp"]').innerText(), /^expires in (\d+ s|\d+ min)$/);
    assert.match(await frame.locator('.notes').innerText(), /"payoutz" is not a resource the Gr4vy SDKs know/);
    await wb.screenshot('jwt-inspector');
  });

  it('shows a specific error for a malformed token', async () => {
    const frame = wb.page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('textarea#token').fill('eyJhbGciOiJub25lIn0.not-json-at-all');
    await frame
      .locator('#token-error', { hasText: /three parts separated by dots; this has 2/ })
      .waitFor({ timeout: 20_000 });
    await wb.screenshot('jwt-inspector-error');
  });
});
