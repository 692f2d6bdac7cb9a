import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TOOL_VERSION } from '../../src/core/version';
import { openWebviewPage, type WebviewPageHandle } from './pageHarness';

describe('webview page shell in Chromium', () => {
  let wv: WebviewPageHandle;
  before(async () => {
    wv = await openWebviewPage();
  });
  after(async () => {
    await wv?.close();
  });

  it('carries a strict CSP meta tag', async () => {
    const csp = await wv.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9+/=]{24}'/);
    assert.match(csp ?? '', /connect-src 'none'/);
  });

  it('runs its script, which says ready to the host', async () => {
    await wv.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual(await wv.posted(), [{ type: 'ready' }]);
    assert.equal(await wv.page.textContent('h1'), 'JWT Inspector');
    assert.ok(await wv.page.isVisible('textarea#token'));
  });

  it('renders what the host sends back and keeps it in its state', async () => {
    await wv.send({ type: 'init', version: TOOL_VERSION, signer: 'Gr4vy', accounts: [] });
    await wv.page.waitForSelector(`text=Payment API Toolkit ${TOOL_VERSION}`);
    assert.equal(((await wv.state()) as { version?: string }).version, TOOL_VERSION);
  });

  it('ignores malformed messages', async () => {
    await wv.send({ type: 'init', version: 42 });
    await wv.send('init');
    await wv.send({ type: 'evil', html: '<img src=x onerror=alert(1)>' });
    assert.equal(await wv.page.locator('img').count(), 0);
    assert.equal(await wv.page.textContent('.version'), `Payment API Toolkit ${TOOL_VERSION}`);
  });

  it('restores its view from saved state after a reload', async () => {
    await wv.reload();
    await wv.page.waitForSelector(`text=Payment API Toolkit ${TOOL_VERSION}`);
  });

  it('blocks what the CSP forbids, and our own page causes no violation', async () => {
    assert.deepEqual(await wv.cspViolations(), []);
    await wv.page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true';
      document.body.append(s);
    });
    assert.equal(await wv.page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected), undefined);
    const v = await wv.cspViolations();
    assert.equal(v.length, 1);
    assert.match(v[0] ?? '', /^script-src/);
  });
});
