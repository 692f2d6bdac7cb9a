import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { filesUnder, helcimToken, startServer, type Started } from '../unit/fixtures';
import { HELCIM_TEST_VISA, type HelcimStandInLog, helcimStandIn } from '../standIns/helcim';
import { openWorkbench, type Workbench } from './workbench';

const FILE = `### A test purchase with Helcim's test card
# @name purchase
POST https://api.helcim.com/v2/payment/purchase
content-type: application/json

{"ipAddress": "192.0.2.1", "currency": "CAD", "amount": 10.5, "cardData": {"cardNumber": "${HELCIM_TEST_VISA}", "cardExpiry": "0128", "cardCVV": "100"}}
`;

describe('workbench: a .http request sent with a stored credential', { timeout: 240_000 }, () => {
  let wb: Workbench;
  let helcim: Started;
  const token = helcimToken();
  const log: HelcimStandInLog = { requests: [], charged: 0 };

  before(async () => {
    helcim = await startServer(helcimStandIn(token, log));
    wb = await openWorkbench({ 'api.http': FILE }, { 'paymentApi.helcim.baseUrl': helcim.url });
  });
  after(async () => {
    await wb?.close();
    await helcim?.close();
  });

  it('Send as <account> above the request: asks before the purchase, opens the answer beside, masked', async () => {
    const { page } = wb;
    await wb.runCommand('Payment API: Add Account…');
    await wb.answer('Helcim');
    await wb.answer('Storefront');
    await wb.answer('Test account');
    await wb.answer(token);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'All workspaces' }).click();
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'api.http' }).click();
    const lens = page.locator('.codelens-decoration a', { hasText: /Send as “Storefront”/ });
    await lens.waitFor({ timeout: 30_000 });
    await wb.screenshot('http-file-codelens');
    await lens.click();
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 20_000 });
    assert.match(await dialog.innerText(), /purchase of 10\.5 CAD/);
    await dialog.locator('.monaco-button', { hasText: /^Send$/ }).click();
    await page
      // The editor draws spaces as no-break spaces: \s matches both.
      .locator('.view-lines', { hasText: /HTTP\s200\s\(\d+\sms\)/ })
      .first()
      .waitFor({ timeout: 30_000 });
    assert.equal(log.charged, 1);
    await wb.screenshot('http-response-view');
    assert.ok(!(await page.content()).includes(token), 'the token appears nowhere in the page');
  });

  it('after the flow, no file of the user data, state, logs or workspace holds the token', async () => {
    // Wait until the extension's log has the send, so the search reads a flushed log.
    const deadline = Date.now() + 15_000;
    const logged = () =>
      filesUnder(wb.serverDir).some(
        (f) => /Payment API Toolkit/.test(path.basename(f)) && fs.readFileSync(f, 'utf8').includes('Storefront'),
      );
    while (!logged() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const files = [...filesUnder(wb.serverDir), ...filesUnder(wb.workspace)];
    assert.ok(files.length > 10, `searched only ${files.length} files`);
    const hits = files.filter((f) => fs.readFileSync(f).toString('latin1').includes(token));
    assert.deepEqual(hits, []);
  });
});
