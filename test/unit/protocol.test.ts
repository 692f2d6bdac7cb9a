import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { claimText, isToHost, isToWebview } from '../../src/shared/protocol';

const inspection = {
  header: { alg: 'ES512' },
  payload: {},
  signatureBytes: 132,
  notes: [],
  scopes: [],
  times: [],
  provider: null as string | null,
};
const account = { id: 'a', label: 'EU', environment: 'sandbox', kid: 'k', scopes: ['*.read'] };

describe('webview protocol guards', () => {
  it('the webview accepts each well-formed host message', () => {
    for (const m of [
      { type: 'init', version: '1', signer: 'Gr4vy', accounts: [account] },
      { type: 'init', version: '1', signer: 'Gr4vy', accounts: [], activeAccountId: 'a' },
      { type: 'accounts', accounts: [account] },
      { type: 'setToken', token: 'x' },
      { type: 'inspected', requestId: 1, result: { ok: true, value: inspection } },
      { type: 'inspected', requestId: 1, result: { ok: false, error: 'bad' } },
      { type: 'inspected', requestId: 1, result: { ok: true, value: { ...inspection, provider: 'Gr4vy' } } },
      { type: 'verified', requestId: 2, result: { ok: true, value: { ok: false, code: 'expired', message: 'm' } } },
      { type: 'signed', requestId: 3, result: { ok: true, value: { token: 't', inspection } } },
    ])
      assert.ok(isToWebview(m), JSON.stringify(m));
  });
  it('the webview refuses malformed host messages', () => {
    for (const m of [
      null,
      'init',
      [],
      { type: 'init' },
      { type: 'init', version: 1, signer: 'Gr4vy', accounts: [] },
      { type: 'init', version: '1', accounts: [] },
      { type: 'init', version: '1', signer: 'x'.repeat(101), accounts: [] },
      { type: 'accounts', accounts: [{ ...account, environment: 'live' }] },
      { type: 'inspected', requestId: -1, result: { ok: false, error: 'x' } },
      { type: 'inspected', requestId: 1, result: { ok: true, value: { header: {} } } },
      { type: 'inspected', requestId: 1, result: { ok: true, value: { ...inspection, provider: 5 } } },
      { type: 'signed', requestId: 1, result: { ok: true } },
      { type: 'setToken', token: 'x'.repeat(70_000) },
      { type: 'evil' },
    ])
      assert.ok(!isToWebview(m), JSON.stringify(m).slice(0, 100));
  });
  it('the host accepts each well-formed webview message and refuses the rest', () => {
    for (const m of [
      { type: 'ready' },
      { type: 'inspect', requestId: 0, token: 't' },
      { type: 'verify', requestId: 1, token: 't', key: { source: 'pasted', text: 'k' }, ignoreExpiry: false },
      { type: 'verify', requestId: 1, token: 't', key: { source: 'account', accountId: 'a' }, ignoreExpiry: true },
      { type: 'sign', requestId: 2, accountId: 'a', scopes: '', expiresIn: '30s', embed: '', checkoutSessionId: '' },
      { type: 'copy', text: 't', what: 'token' },
    ])
      assert.ok(isToHost(m), JSON.stringify(m));
    for (const m of [
      undefined,
      { type: 'inspect', requestId: 1.5, token: 't' },
      { type: 'verify', requestId: 1, token: 't', key: { source: 'disk', path: '/etc/passwd' }, ignoreExpiry: false },
      { type: 'sign', requestId: 2, accountId: 'a' },
      { type: 'copy', text: 5, what: 'x' },
      { type: 'init', version: '1', accounts: [] },
    ])
      assert.ok(!isToHost(m), JSON.stringify(m));
  });
  it('claimText shows strings as they are and anything else as JSON', () => {
    assert.equal(claimText('a'), 'a');
    assert.equal(claimText({ b: 1 }), '{"b":1}');
    assert.equal(claimText(undefined), 'undefined');
  });
});
