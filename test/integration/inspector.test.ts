import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { verify as nodeVerify } from 'node:crypto';
import * as vscode from 'vscode';
import { decodeJwt } from '../../src/core/jwt/decode';
import type { TestApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import type { ToWebview } from '../../src/shared/protocol';
import { independentThumbprint, p521Key } from '../unit/fixtures';
import { activateExtension, waitFor } from './helpers';

describe('JWT inspector and hover in a real VS Code', function () {
  this.timeout(60_000);
  let api: TestApi;
  const key = p521Key({ leadingZero: true });
  let accountId = '';
  let signed = '';

  const posted = <T extends ToWebview['type']>(type: T) =>
    api.inspector.posted.filter((m): m is Extract<ToWebview, { type: T }> => m.type === type);

  before(async () => {
    api = await activateExtension();
    accountId = (
      await api.accounts.add({
        provider: 'gr4vy',
        label: 'Inspector EU',
        environment: 'sandbox',
        scope: 'global',
        secret: key.pkcs8,
        instanceId: 'acme',
        scopes: ['*.read'],
      })
    ).account.id;
  });
  after(async () => {
    if (accountId) await api.accounts.remove(accountId);
    api.inspector.panel()?.dispose();
  });

  it('opens one panel whose page says ready and gets the Gr4vy accounts (no keys)', async () => {
    await vscode.commands.executeCommand(Commands.openInspector);
    const panel = api.inspector.panel();
    assert.ok(panel);
    assert.equal(panel.title, 'JWT Inspector');
    const init = await waitFor(() => posted('init').at(-1), 'the page to say ready and get init', 20_000);
    assert.ok(init.accounts.some((a) => a.id === accountId && a.kid === independentThumbprint(key.x, key.y)));
    await vscode.commands.executeCommand(Commands.openInspector);
    assert.equal(api.inspector.panel(), panel, 'the panel is reused');
    assert.match(panel.webview.html, /default-src 'none'/);
    assert.match(panel.webview.html, /connect-src 'none'/);
  });

  it('signs with a stored account in the host: the token verifies with node:crypto and carries the right kid', async () => {
    const reply = await api.inspector.controller.handle({
      type: 'sign',
      requestId: 1,
      accountId,
      scopes: 'buyers.read',
      expiresIn: '45s',
      embed: '',
      checkoutSessionId: '',
    });
    assert.ok(reply?.type === 'signed' && reply.result.ok, JSON.stringify(reply));
    signed = reply.result.value.token;
    const [h, p, s] = signed.split('.') as [string, string, string];
    assert.ok(
      nodeVerify(
        'sha512',
        Buffer.from(`${h}.${p}`),
        { key: key.publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(s, 'base64url'),
      ),
    );
    const d = decodeJwt(signed);
    assert.equal(d.header.kid, independentThumbprint(key.x, key.y));
    assert.equal((d.payload.exp as number) - (d.payload.nbf as number), 45);
    assert.deepEqual(reply.result.value.inspection.notes, []);
  });

  it('verifies with the stored account and with a pasted public key; says why a bad one fails', async () => {
    const byAccount = await api.inspector.controller.handle({
      type: 'verify',
      requestId: 2,
      token: signed,
      key: { source: 'account', accountId },
      ignoreExpiry: false,
    });
    assert.ok(
      byAccount?.type === 'verified' && byAccount.result.ok && byAccount.result.value.ok,
      JSON.stringify(byAccount),
    );
    const pub = key.publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const pasted = await api.inspector.controller.handle({
      type: 'verify',
      requestId: 3,
      token: signed,
      key: { source: 'pasted', text: pub },
      ignoreExpiry: false,
    });
    assert.ok(pasted?.type === 'verified' && pasted.result.ok && pasted.result.value.code === 'valid');
    const other = p521Key().publicKey.export({ format: 'pem', type: 'spki' }).toString();
    const bad = await api.inspector.controller.handle({
      type: 'verify',
      requestId: 4,
      token: signed,
      key: { source: 'pasted', text: other },
      ignoreExpiry: false,
    });
    assert.ok(bad?.type === 'verified' && bad.result.ok);
    assert.equal(bad.result.value.code, 'badSignature');
    assert.match(bad.result.value.message, /kid is not this key's thumbprint/);
  });

  it('malformed input of any kind is an answer with a specific message, never an exception', async () => {
    for (const [msg, re] of [
      [{ type: 'inspect', requestId: 5, token: 'a.b' }, /three parts/],
      [
        { type: 'verify', requestId: 6, token: signed, key: { source: 'pasted', text: 'nope' }, ignoreExpiry: false },
        /not a PEM key/,
      ],
      [
        { type: 'sign', requestId: 7, accountId, scopes: 'buyers', expiresIn: '30s', embed: '', checkoutSessionId: '' },
        /"buyers" is not a scope/,
      ],
      [
        {
          type: 'sign',
          requestId: 8,
          accountId,
          scopes: '',
          expiresIn: '30s',
          embed: '{amount',
          checkoutSessionId: '',
        },
        /Embed is not valid JSON/,
      ],
      [
        { type: 'sign', requestId: 9, accountId, scopes: '', expiresIn: 'soon', embed: '', checkoutSessionId: '' },
        /not a duration/,
      ],
      [
        { type: 'sign', requestId: 10, accountId: 'gone', scopes: '', expiresIn: '', embed: '', checkoutSessionId: '' },
        /no longer exists/,
      ],
    ] as const) {
      const r = await api.inspector.controller.handle(msg);
      assert.ok(r && 'result' in r && !r.result.ok, `${JSON.stringify(msg)} -> ${JSON.stringify(r)}`);
      assert.match(r.result.error, re);
    }
  });

  it('hover on a token in an editor shows the decoded summary, top notes and an inspector link', async () => {
    const doc = await vscode.workspace.openTextDocument({
      language: 'typescript',
      content: `const auth = 'bearer ${signed}';\n`,
    });
    await vscode.window.showTextDocument(doc);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      doc.uri,
      new vscode.Position(0, 30),
    );
    const text = hovers
      .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)))
      .join('\n');
    assert.match(text, /\*\*JWT\*\* · `ES512` · kid/);
    assert.match(text, /expires in \d+ s/);
    assert.match(text, /Open in JWT Inspector\]\(command:paymentApi\.inspectJwtAtCursor\?/);
    assert.ok(!text.includes(signed.split('.')[2] ?? '~'), 'the hover does not repeat the token');
    await vscode.commands.executeCommand(Commands.inspectJwtAtCursor, doc.uri.toString(), 0, 30);
    assert.equal(posted('setToken').at(-1)?.token, signed);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('no private key or signed token reaches the log or the messages posted to the page (except the signed token itself in its reply)', async () => {
    const body = key.pkcs8.split('\n').slice(1, -2);
    const postedText = JSON.stringify(api.inspector.posted.filter((m) => m.type !== 'setToken'));
    for (const line of body) assert.ok(!postedText.includes(line), 'key material posted to the webview');
    const logFile = await waitFor(
      () => {
        const f = fs
          .readdirSync(path.dirname(api.context.logUri.fsPath), { recursive: true, withFileTypes: false })
          .map(String)
          .find((n) => n.endsWith('Payment API Toolkit.log'));
        const full = f ? path.join(path.dirname(api.context.logUri.fsPath), f) : undefined;
        return full && fs.readFileSync(full, 'utf8').includes('Signed a Gr4vy token with "Inspector EU"')
          ? full
          : undefined;
      },
      'the signing log line',
      15_000,
    );
    const log = fs.readFileSync(logFile, 'utf8');
    assert.ok(
      !log.includes(signed.split('.')[2] ?? '~') && !log.includes(signed.split('.')[1] ?? '~'),
      'signed token in the log',
    );
    for (const line of body) assert.ok(!log.includes(line), 'key material in the log');
  });
});
