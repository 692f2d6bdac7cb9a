import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { AccountStore, secretKeyOf } from '../../src/core/accounts/store';
import type { ConnectionResult } from '../../src/core/providers/accountTypes';
import { mask } from '../../src/core/mask';
import type { TestApi } from '../../src/extension';
import { Commands, Settings } from '../../src/ids';
import {
  type Gr4vyServerLog,
  type Started,
  gr4vyHandler,
  helcimHandler,
  helcimToken,
  p521Key,
  startServer,
  filesUnder,
} from '../unit/fixtures';
import { accountTreeItem, activateExtension, waitFor } from './helpers';
import { type Answer, ScriptedPrompts } from './scriptedPrompts';

describe('accounts in a real VS Code', function () {
  this.timeout(60_000);
  let api: TestApi;
  let helcim: Started;
  let gr4vy: Started;
  const token = helcimToken();
  const rotated = helcimToken();
  const wrong = helcimToken();
  const key = p521Key({ leadingZero: true });
  const gr4vyLog: Gr4vyServerLog = { tokens: [], merchantHeaders: [], rejections: [], sessions: [] };
  const keyBody = key.pkcs8.split('\n').slice(1, -2).join('');
  let helcimId = '';
  let gr4vyId = '';

  const script = (answers: Answer[]) => {
    const p = new ScriptedPrompts(answers);
    api.setPrompts(p);
    return p;
  };

  const accountItem = (id: string) => accountTreeItem(api.accountsFeature.tree, id);

  before(async () => {
    api = await activateExtension();
    helcim = await startServer(helcimHandler(token));
    gr4vy = await startServer(gr4vyHandler(key.publicKey, gr4vyLog));
    const cfg = vscode.workspace.getConfiguration();
    await cfg.update(Settings.helcimBaseUrl, helcim.url, vscode.ConfigurationTarget.Global);
    await cfg.update(Settings.gr4vyBaseUrl, gr4vy.url, vscode.ConfigurationTarget.Global);
  });

  after(async () => {
    api.setPrompts(undefined);
    const cfg = vscode.workspace.getConfiguration();
    await cfg.update(Settings.helcimBaseUrl, undefined, vscode.ConfigurationTarget.Global);
    await cfg.update(Settings.gr4vyBaseUrl, undefined, vscode.ConfigurationTarget.Global);
    await helcim?.close();
    await gr4vy?.close();
  });

  it('refuses a malformed token in the add flow before anything is stored', async () => {
    const before = api.accounts.list().length;
    const p = script(['helcim', 'Broken', 'sandbox', { invalid: 'abc def' }]);
    assert.equal(await vscode.commands.executeCommand(Commands.addAccount), undefined);
    assert.match(p.validationMessages[0] ?? '', /white space \(at character 4\)/);
    assert.equal(api.accounts.list().length, before);
  });

  it('add → tree item with environment, masked token and "not tested"; the token only in SecretStorage', async () => {
    script(['helcim', 'Shop', 'production', token, 'global']);
    helcimId = String(await vscode.commands.executeCommand(Commands.addAccount));
    assert.equal(await api.context.secrets.get(secretKeyOf(helcimId)), token, 'SecretStorage holds the token');
    const item = await accountItem(helcimId);
    assert.equal(item.label, 'Shop');
    assert.match(
      String(item.description),
      new RegExp(`^PRODUCTION · ${mask(token).replace(/[•]/g, '.')} · not tested$`),
    );
    assert.equal(item.contextValue, 'account.helcim.production');
    assert.equal(api.accounts.activeId(), helcimId, 'the first account becomes the active one');
  });

  it('test → connected, shown in the tree with its latency', async () => {
    const r = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, helcimId);
    assert.equal(r.outcome, 'connected', r.message);
    const item = await accountItem(helcimId);
    assert.match(String(item.description), / · connected \d+ ms$/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass-filled');
    assert.match((item.tooltip as vscode.MarkdownString).value, /Connected to Helcim in \d+ ms/);
  });

  it('rotate to a wrong token → 403 shown as rejected; rotate again → connected', async () => {
    script([wrong]);
    await vscode.commands.executeCommand(Commands.replaceSecret, helcimId);
    assert.equal(await api.context.secrets.get(secretKeyOf(helcimId)), wrong);
    const r = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, helcimId);
    assert.equal(r.outcome, 'forbidden');
    const item = await accountItem(helcimId);
    assert.match(String(item.description), /forbidden \(HTTP 403\)/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
    script([rotated]);
    await vscode.commands.executeCommand(Commands.replaceSecret, helcimId);
    assert.match(
      String((await accountItem(helcimId)).description),
      new RegExp(`${rotated.slice(-4).replace(/[.]/g, '\\.')} · not tested$`),
    );
  });

  it('the tree follows SecretStorage changes made outside the extension', async () => {
    await api.context.secrets.store(secretKeyOf(helcimId), token);
    await waitFor(
      async () => String((await accountItem(helcimId)).description).includes(token.slice(-4)),
      'the tree to show the new token',
    );
    const r = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, helcimId);
    assert.equal(r.outcome, 'connected');
  });

  it('adds a Gr4vy account from a key file, shows its kid, and the strict server accepts its tokens', async () => {
    script([
      'gr4vy',
      'EU sandbox',
      'sandbox',
      'acme',
      'Full access',
      '*.read, *.write',
      'file',
      { file: key.sec1 },
      // This stand-in does not list merchant accounts (404), so the id is typed after the key.
      'merchant-7',
      'workspace',
    ]);
    gr4vyId = String(await vscode.commands.executeCommand(Commands.addAccount));
    const account = api.accounts.get(gr4vyId);
    assert.ok(account && account.provider === 'gr4vy');
    assert.equal(account.scope, 'workspace');
    assert.match((await api.context.secrets.get(secretKeyOf(gr4vyId))) ?? '', /^-{5}BEGIN PRIVATE KEY-{5}/);
    const r = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, gr4vyId);
    assert.equal(r.outcome, 'connected', `${r.message} ${gr4vyLog.rejections.join(',')}`);
    assert.deepEqual(gr4vyLog.merchantHeaders, ['merchant-7']);
    const item = await accountItem(gr4vyId);
    assert.match(
      String(item.description),
      new RegExp(`^sandbox · kid …${account.kid.slice(-4).replace(/[-]/g, '\\-')} · connected`),
    );
    assert.match((item.tooltip as vscode.MarkdownString).value, new RegExp(account.kid.replace(/[-_]/g, '\\$&')));
  });

  it('refuses a public key file with a message naming it', async () => {
    const p = script([
      'gr4vy',
      'Pub',
      'sandbox',
      'acme',
      'Not sure',
      '*.read',
      'file',
      { file: key.publicKey.export({ format: 'pem', type: 'spki' }).toString() },
      false,
    ]);
    const before = api.accounts.list().length;
    assert.equal(await vscode.commands.executeCommand(Commands.addAccount), undefined);
    assert.match(p.asked.at(-1) ?? '', /does not hold a usable Gr4vy key/);
    assert.equal(api.accounts.list().length, before);
  });

  it('test all: every account tested, results recorded', async () => {
    const results = await vscode.commands.executeCommand<ConnectionResult[]>(Commands.testAllConnections);
    assert.equal(results.length, 2);
    assert.ok(
      results.every((r) => r.ok),
      JSON.stringify(results.map((r) => r.message)),
    );
  });

  it('survives a reload: a fresh store over the same state sees the same accounts', () => {
    const fresh = new AccountStore(api.context.globalState, api.context.workspaceState, api.secretStore);
    assert.deepEqual(
      fresh
        .list()
        .map((a) => a.id)
        .sort(),
      [helcimId, gr4vyId].sort(),
    );
  });

  it('copies a masked secret and a masked curl command', async () => {
    await vscode.commands.executeCommand(Commands.copyMaskedSecret, helcimId);
    assert.equal(await vscode.env.clipboard.readText(), mask(token));
    await vscode.commands.executeCommand(Commands.copyCurlCommand, helcimId);
    const curl = await vscode.env.clipboard.readText();
    assert.match(curl, /^curl -sS '.*\/v2\/connection-test' -H 'accept: application\/json' -H 'api-token: ••••••••/);
    assert.ok(!curl.includes(token));
  });

  it('creates an Embed token with a checkout session from a Gr4vy account and copies it', async () => {
    script(['1299', 'usd', 'user-1', true]);
    const session = await vscode.commands.executeCommand<string>(Commands.createEmbedToken, gr4vyId);
    assert.equal(session, gr4vyLog.sessions?.at(-1), gr4vyLog.rejections.join(','));
    const token = await vscode.env.clipboard.readText();
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    assert.deepEqual(payload.scopes, ['embed']);
    assert.equal(payload.checkout_session_id, session);
    assert.deepEqual(payload.embed, {
      amount: 1299,
      currency: 'USD',
      buyer_external_identifier: 'user-1',
      merchant_account_id: 'merchant-7',
    });
    assert.equal(gr4vyLog.merchantHeaders.at(-1), 'merchant-7');
  });

  it('remove asks first, then deletes settings and the secret', async () => {
    script([false]);
    assert.equal(await vscode.commands.executeCommand(Commands.removeAccount, helcimId), false);
    assert.ok(api.accounts.get(helcimId));
    script([true]);
    assert.equal(await vscode.commands.executeCommand(Commands.removeAccount, helcimId), true);
    assert.equal(api.accounts.get(helcimId), undefined);
    assert.equal(await api.context.secrets.get(secretKeyOf(helcimId)), undefined);
    script([true]);
    await vscode.commands.executeCommand(Commands.removeAccount, gr4vyId);
    assert.equal(await api.context.secrets.get(secretKeyOf(gr4vyId)), undefined);
  });

  it('no secret value appears in settings, state, the log, or any file the extension host wrote', async () => {
    const secrets = [
      token,
      rotated,
      wrong,
      keyBody,
      ...key.pkcs8
        .split('\n')
        .slice(1, -2)
        .filter((l) => l.length > 40),
    ];
    // Settings and state, as the API sees them.
    const cfg = JSON.stringify(vscode.workspace.getConfiguration(Settings.section));
    const state =
      JSON.stringify([...api.context.globalState.keys()].map((k) => api.context.globalState.get(k))) +
      JSON.stringify([...api.context.workspaceState.keys()].map((k) => api.context.workspaceState.get(k)));
    for (const s of secrets) {
      assert.ok(!cfg.includes(s), 'a secret in settings');
      assert.ok(!state.includes(s), 'a secret in global/workspace state');
    }
    // Files: the whole user-data folder (settings, state databases, logs) and the workspace.
    const userData = path.resolve(api.context.globalStorageUri.fsPath, '..', '..', '..');
    const logs = path.resolve(api.context.logUri.fsPath, '..', '..');
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    // Wait until the log file has our masked entries, so the search below reads a flushed log.
    const logFile = await waitFor(
      () =>
        filesUnder(logs).find(
          (f) =>
            /Payment API Toolkit/.test(path.basename(f)) &&
            fs.readFileSync(f, 'utf8').includes(`Removed Helcim account "Shop"`),
        ),
      'the log file to be written',
      15_000,
    );
    assert.match(
      fs.readFileSync(logFile, 'utf8'),
      new RegExp(`api-token ${mask(token).replace(/[•]/g, '.')}`),
      'the log shows masked tokens',
    );
    const files = [...new Set([...filesUnder(userData), ...filesUnder(logs), ...filesUnder(workspace)])];
    assert.ok(files.length > 5, `searched only ${files.length} files`);
    const hits: string[] = [];
    for (const f of files) {
      const content = fs.readFileSync(f).toString('latin1');
      for (const s of secrets) if (content.includes(s)) hits.push(`${f} contains secret #${secrets.indexOf(s)}`);
    }
    assert.deepEqual(hits, []);
  });

  it('errors from a command are shown, not thrown: a removed account', async () => {
    assert.equal(await vscode.commands.executeCommand(Commands.testConnection, 'no-such-id'), undefined);
  });
});

describe("connection tests honour VS Code's proxy settings", function () {
  this.timeout(60_000);
  it('http.proxy is used (a dead proxy is reported as a proxy failure) and http.noProxy bypasses it', async () => {
    const api = await activateExtension();
    const token = helcimToken();
    const server = await startServer(helcimHandler(token));
    const cfg = vscode.workspace.getConfiguration();
    const { account } = await api.accounts.add({
      provider: 'helcim',
      label: 'Proxied',
      environment: 'sandbox',
      scope: 'global',
      secret: token,
    });
    try {
      await cfg.update(Settings.helcimBaseUrl, server.url, vscode.ConfigurationTarget.Global);
      await cfg.update('http.proxy', 'http://127.0.0.1:9', vscode.ConfigurationTarget.Global);
      const viaProxy = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, account.id);
      assert.equal(viaProxy.outcome, 'proxy', viaProxy.message);
      assert.match(viaProxy.message, /^The proxy 127\.0\.0\.1:9 failed/);
      await cfg.update('http.noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
      const direct = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, account.id);
      assert.equal(direct.outcome, 'connected', direct.message);
    } finally {
      for (const k of ['http.proxy', 'http.noProxy', Settings.helcimBaseUrl])
        await cfg.update(k, undefined, vscode.ConfigurationTarget.Global);
      await api.accounts.remove(account.id);
      await server.close();
    }
  });
});
