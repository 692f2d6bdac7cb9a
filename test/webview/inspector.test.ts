import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspectJwt } from '../../src/core/jwt/inspect';
import { signGr4vyToken } from '../../src/core/providers/gr4vy/token';
import { readSigningKey } from '../../src/core/keys/privateKey';
import { p521Key } from '../unit/fixtures';
import { openWebviewPage, type WebviewPageHandle } from './pageHarness';

type Posted = {
  type: string;
  requestId?: number;
  token?: string;
  text?: string;
  what?: string;
  key?: { source: string; accountId?: string };
  accountId?: string;
  scopes?: string;
  embed?: string;
  createCheckoutSession?: boolean;
};
const account = {
  id: 'acct-1',
  label: 'EU sandbox',
  environment: 'sandbox',
  kid: 'kid-abcdef123456',
  scopes: ['*.read', 'buyers.write'],
};

describe('JWT inspector page in Chromium', () => {
  let wv: WebviewPageHandle;
  let token = '';
  const posted = async () => (await wv.posted()) as Posted[];
  /** The inspect request the page sent for `token`. */
  const waitForInspect = async (token: string) => {
    await wv.page.waitForFunction(
      (t) =>
        (window as unknown as { __posted: { type: string; token?: string }[] }).__posted.some(
          (m) => m.type === 'inspect' && m.token === t,
        ),
      token,
    );
    return (await posted()).filter((m) => m.type === 'inspect' && m.token === token).at(-1) as Posted;
  };
  const lastOf = async (type: string) => {
    await wv.page.waitForFunction(
      (t) => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === t),
      type,
    );
    return (await posted()).filter((m) => m.type === type).at(-1) as Posted;
  };

  before(async () => {
    const key = await readSigningKey(p521Key().pkcs8);
    token = await signGr4vyToken(key, { scopes: ['*.read', 'buyers.write', 'payoutz.read'], expiresInSeconds: 4 });
    wv = await openWebviewPage();
    await wv.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await wv.send({ type: 'init', version: '9.9.9', signer: 'Gr4vy', accounts: [account], activeAccountId: 'acct-1' });
  });
  after(async () => {
    await wv?.close();
  });

  it('sends a pasted token to the host and renders notes, times, scopes and JSON', async () => {
    await wv.page.fill('#token', `Bearer ${token}`);
    const req = await lastOf('inspect');
    assert.equal(req.token, `Bearer ${token}`);
    await wv.send({ type: 'inspected', requestId: req.requestId, result: { ok: true, value: inspectJwt(token) } });
    await wv.page.waitForSelector('.summary');
    assert.match(
      (await wv.page.textContent('.summary')) ?? '',
      /alg ES512 · typ JWT · kid .* · signature 132 bytes · Gr4vy token/,
    );
    assert.match((await wv.page.textContent('.notes')) ?? '', /"payoutz" is not a resource/);
    assert.equal((await wv.page.locator('.note.warning').count()) >= 1, true);
    assert.equal(await wv.page.locator('table.times tbody tr').count(), 3);
    assert.match((await wv.page.textContent('table.scopes')) ?? '', /Create and change \(not read\) buyers/);
    assert.match((await wv.page.textContent('pre[aria-label="Payload"]')) ?? '', /"jti": "/);
  });

  it('counts down live and marks expiry', async () => {
    // A token of its own, signed now: the one above may have run out while a slow machine rendered it.
    const fresh = await signGr4vyToken(await readSigningKey(p521Key().pkcs8), { expiresInSeconds: 4 });
    await wv.page.fill('#token', fresh);
    const req = await waitForInspect(fresh);
    await wv.send({ type: 'inspected', requestId: req.requestId, result: { ok: true, value: inspectJwt(fresh) } });
    await wv.page.waitForFunction(() =>
      /^expires in/.test(document.querySelector('td.relative[data-claim="exp"]')?.textContent ?? ''),
    );
    const cell = wv.page.locator('td.relative[data-claim="exp"]');
    const first = await cell.textContent();
    assert.match(first ?? '', /^expires in \d s$/);
    await wv.page.waitForFunction(
      (t) => document.querySelector('td.relative[data-claim="exp"]')?.textContent !== t,
      first,
      { timeout: 3000 },
    );
    await wv.page.waitForSelector('td.relative.expired', { timeout: 8000 });
    assert.match((await cell.textContent()) ?? '', /^expired \d+ s ago$/);
  });

  it('copy buttons ask the host to copy (the page has no clipboard of its own)', async () => {
    await wv.page.click('button[aria-label="Copy payload JSON"]');
    const m = await lastOf('copy');
    assert.equal(m.what, 'payload JSON');
    assert.match(m.text ?? '', /"scopes"/);
  });

  it('shows a malformed-token error as an alert, without an exception', async () => {
    await wv.page.fill('#token', 'not.a');
    const req = await lastOf('inspect');
    await wv.page.waitForFunction(
      (id) =>
        (window as unknown as { __posted: { type: string; requestId?: number }[] }).__posted
          .filter((m) => m.type === 'inspect')
          .at(-1)?.requestId === id,
      req.requestId,
    );
    await wv.send({
      type: 'inspected',
      requestId: req.requestId,
      result: { ok: false, error: 'A JWT has three parts separated by dots; this has 2' },
    });
    await wv.page.waitForSelector('#token-error:has-text("three parts")');
    assert.equal(await wv.page.getAttribute('#token-error', 'role'), 'alert');
    assert.equal(await wv.page.locator('#result *').count(), 0);
  });

  it('verifies with a stored account: the page sends only the account id', async () => {
    await wv.page.fill('#token', token);
    await wv.page.selectOption('#verify-source', 'acct-1');
    assert.equal(await wv.page.isHidden('#verify-key'), true);
    await wv.page.click('#verify');
    const m = await lastOf('verify');
    assert.deepEqual(m.key, { source: 'account', accountId: 'acct-1' });
    await wv.send({
      type: 'verified',
      requestId: m.requestId,
      result: { ok: true, value: { ok: true, code: 'valid', message: 'Signature valid (ES512)' } },
    });
    await wv.page.waitForSelector('#verify-result:has-text("✓ Valid")');
  });

  it('signs from the form and shows the token with a copy button, keeping it out of saved state', async () => {
    await wv.page.fill('#sign-embed', '{"amount": 100}');
    await wv.page.fill('#sign-scopes', 'embed');
    await wv.page.click('#sign');
    const m = await lastOf('sign');
    assert.equal(m.accountId, 'acct-1');
    assert.equal(m.embed, '{"amount": 100}');
    await wv.send({
      type: 'signed',
      requestId: m.requestId,
      result: { ok: true, value: { token, inspection: inspectJwt(token) } },
    });
    await wv.page.waitForSelector('#signed-token');
    assert.equal(await wv.page.inputValue('#signed-token'), token);
    await wv.page.click('button[aria-label="Copy signed token"]');
    assert.equal((await lastOf('copy')).text, token);
    const state = JSON.stringify(await wv.state());
    assert.ok(!state.includes(token.split('.')[2] ?? '~'), 'no token in webview state');
    assert.match(state, /"embed":"\{\\"amount\\": 100\}"/);
  });

  it('asks for a checkout session when the box is ticked, and re-signs the token above with the account', async () => {
    await wv.page.check('#sign-create-session');
    await wv.page.click('#sign');
    assert.equal((await lastOf('sign')).createCheckoutSession, true);
    await wv.page.fill('#token', token);
    await wv.page.click('#resign');
    const m = await lastOf('resign');
    assert.equal(m.token, token);
    assert.equal(m.accountId, 'acct-1');
    await wv.send({ type: 'signed', requestId: m.requestId, result: { ok: false, error: 'Not re-signed: x' } });
    await wv.page.waitForFunction(() => document.querySelector('#sign-result')?.textContent === 'Not re-signed: x');
    await wv.page.uncheck('#sign-create-session');
  });

  it('restores the form, but no token, after a reload', async () => {
    await wv.reload();
    await wv.page.waitForFunction(() =>
      (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'),
    );
    await wv.send({ type: 'init', version: '9.9.9', signer: 'Gr4vy', accounts: [account] });
    await wv.page.waitForSelector('#sign-embed');
    assert.equal(await wv.page.inputValue('#sign-embed'), '{"amount": 100}');
    assert.equal(await wv.page.inputValue('#token'), '');
  });

  it('is usable from the keyboard: Ctrl+Enter inspects, Tab reaches the buttons', async () => {
    await wv.page.focus('#token');
    await wv.page.keyboard.type('abc');
    await wv.page.keyboard.press('Control+Enter');
    assert.equal((await lastOf('inspect')).token, 'abc');
    const reached = new Set<string>();
    for (let i = 0; i < 30; i++) {
      await wv.page.keyboard.press('Tab');
      reached.add(await wv.page.evaluate(() => document.activeElement?.id ?? ''));
    }
    for (const id of ['verify-source', 'verify', 'sign-account', 'sign-scopes', 'sign'])
      assert.ok(reached.has(id), `Tab never reached #${id}`);
  });

  it('caused no CSP violation and no page error', async () => {
    assert.deepEqual(await wv.cspViolations(), []);
  });
});
