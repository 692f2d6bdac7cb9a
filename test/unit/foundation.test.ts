import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { AppError, ErrorCodes, describeError, isAppError } from '../../src/core/errors';
import { mask, redact } from '../../src/core/mask';
import { createNonce } from '../../src/core/nonce';
import { MemorySecretStore } from '../../src/core/secretStore';
import { TOOL_ID, TOOL_VERSION } from '../../src/core/version';
import { escapeHtml, renderWebviewHtml } from '../../src/core/webviewHtml';
import { Commands, EXTENSION_ID, Settings, Views } from '../../src/ids';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string;
  publisher: string;
  version: string;
  contributes: {
    commands: { command: string; category: string }[];
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    configuration: { properties: Record<string, unknown> };
  };
};

describe('AppError', () => {
  it('carries a stable code, a advice and a cause', () => {
    const cause = new Error('low level');
    const e = new AppError(ErrorCodes.invalidInput, 'The token has a space', { advice: 'Paste it again.', cause });
    assert.equal(e.code, 'ERR_INVALID_INPUT');
    assert.equal(e.cause, cause);
    assert.ok(isAppError(e));
    assert.ok(isAppError(e, ErrorCodes.invalidInput));
    assert.ok(!isAppError(e, ErrorCodes.io));
    assert.ok(!isAppError(new Error('x')));
    assert.equal(describeError(e), 'The token has a space. Paste it again.');
  });
  it('describes foreign errors by message only', () => {
    assert.equal(describeError(new TypeError('bad')), 'bad');
    assert.equal(describeError('plain'), 'plain');
  });
});

describe('mask', () => {
  const secret = ['aB3!', 'x%9@', 'Qz_.', 'mN7k'].join('');
  it('keeps only the last four characters behind a fixed run of bullets', () => {
    assert.equal(mask(secret), '••••••••mN7k');
    assert.equal(mask(secret + secret), '••••••••mN7k', 'the length must not leak');
  });
  it('shows nothing of short, empty or missing values', () => {
    assert.equal(mask('abc'), '••••••••');
    assert.equal(mask('abcdefghijk'), '••••••••');
    assert.equal(mask(''), '••••••••');
    assert.equal(mask(undefined), '••••••••');
  });
  it('ignores surrounding whitespace', () => {
    assert.equal(mask(`  ${secret}\n`), '••••••••mN7k');
  });
  it('redact() masks every occurrence of every known secret', () => {
    const other = 'zzzzyyyyxxxx1234';
    assert.equal(
      redact(`a ${secret} b ${secret} c ${other}`, [secret, other]),
      'a ••••••••mN7k b ••••••••mN7k c ••••••••1234',
    );
    assert.equal(redact('nothing here', [secret]), 'nothing here');
  });
});

describe('MemorySecretStore', () => {
  it('round-trips values and reports changes', async () => {
    const store = new MemorySecretStore();
    const changed: string[] = [];
    const sub = store.onDidChange((k) => changed.push(k));
    await store.store('k', 'v');
    assert.equal(await store.get('k'), 'v');
    await store.delete('k');
    assert.equal(await store.get('k'), undefined);
    await store.delete('k');
    sub.dispose();
    await store.store('k', 'w');
    assert.deepEqual(changed, ['k', 'k']);
  });
});

describe('webview html', () => {
  const html = renderWebviewHtml({
    title: 'T<x>',
    cspSource: 'https://cdn.example',
    nonce: 'n0nce',
    scriptUri: 'https://cdn.example/a.js',
    styleUri: 'https://cdn.example/a.css',
  });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  it('has a strict CSP: nothing by default, no network, one nonce for scripts', () => {
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /connect-src 'none'/);
    assert.match(csp, /script-src 'nonce-n0nce'/);
    assert.match(csp, /style-src https:\/\/cdn\.example(;|$)/);
    assert.doesNotMatch(csp, /unsafe-(inline|eval)/);
  });
  it('loads its script with the nonce and escapes the title', () => {
    assert.match(html, /<script nonce="n0nce" src="https:\/\/cdn\.example\/a\.js"><\/script>/);
    assert.match(html, /<title>T&lt;x&gt;<\/title>/);
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
  it('creates fresh 128-bit nonces', () => {
    const a = createNonce();
    assert.equal(Buffer.from(a, 'base64').length, 16);
    assert.notEqual(a, createNonce());
  });
});

describe('ids mirror package.json', () => {
  it('extension id and version', () => {
    assert.equal(EXTENSION_ID, `${pkg.publisher}.${pkg.name}`);
    assert.equal(TOOL_VERSION, pkg.version);
    assert.equal(TOOL_ID, `payment-api-toolkit/${pkg.version}`);
  });
  it('every command is contributed and every contributed command has an id, in the "Payment API" category', () => {
    const contributed = pkg.contributes.commands.map((c) => c.command).sort();
    assert.deepEqual(
      Object.values(Commands)
        .filter((c) => !c.includes('.internal.'))
        .sort(),
      contributed,
    );
    // "Get Started" is named after the product, as the walkthrough it opens is.
    for (const c of pkg.contributes.commands)
      assert.equal(c.category, c.command === Commands.getStarted ? 'Payment API Toolkit' : 'Payment API', c.command);
  });
  it('views and settings', () => {
    assert.deepEqual(
      pkg.contributes.viewsContainers.activitybar.map((c) => c.id),
      [Views.container],
    );
    assert.ok(pkg.contributes.views[Views.container]?.some((v) => v.id === Views.accounts));
    const settingIds = Object.entries(Settings)
      .filter(([k]) => k !== 'section')
      .map(([, v]) => v)
      .sort();
    assert.deepEqual(settingIds, Object.keys(pkg.contributes.configuration.properties).sort());
  });
});
