// Runs only in the Restricted Mode launch (`runIntegration.mjs --restricted`): the folder is left
// untrusted, so this suite checks what the extension does for a repository the user has not trusted.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { readConnectionSettings, readLiveBaseUrls } from '../../src/host/config';
import { HELCIM } from '../../src/core/providers/helcim/spec';
import { registerProvider } from '../../src/core/providers/registry';
import type { ProviderSpec } from '../../src/core/providers/types';
import { helcimToken, startServer } from '../unit/fixtures';
import { type HelcimStandInLog, helcimStandIn } from '../standIns/helcim';
import type { SendOutcome } from '../../src/features/requests/sender';
import { Commands, Settings } from '../../src/ids';
import {
  type HostileRepo,
  buildHostileRepo,
  expectOpenedFilesLinted,
  expectWorkspaceScanSafe,
  ours,
} from './hostileRepo';
import { activateExtension, waitFor } from './helpers';

describe('Restricted Mode (an untrusted workspace)', function () {
  this.timeout(60_000);
  let api: TestApi;
  let repo: HostileRepo;

  before(async () => {
    // Checked first, so that nothing below can pass by running trusted.
    assert.equal(vscode.workspace.isTrusted, false, 'this suite must run in an untrusted workspace');
    api = await activateExtension();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'no workspace folder');
    repo = buildHostileRepo(root);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening files of a repository whose config (and embedded repository) carries commands runs nothing; they are linted and .gitignore is read', () =>
    expectOpenedFilesLinted(repo, () => api.secretLint.idle()));

  it('the workspace scan lists files without git, honours .gitignore and runs nothing', () =>
    expectWorkspaceScanSafe(repo));

  it('"Is it live?" is not offered, and the leak response reads no history', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(repo.dir, repo.leaky[0] ?? ''));
    await vscode.window.showTextDocument(doc);
    const d = await waitFor(() => ours(doc.uri)[0], 'a finding');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
    );
    const titles = (actions ?? []).map((a) => a.title);
    assert.ok(titles.length > 0, 'quick fixes are offered');
    assert.ok(!titles.some((t) => /Is it live\?/.test(t)), titles.join(' | '));
    assert.equal(repo.ran(), '');
  });

  it("a repository's base-URL setting never redirects a token, even for a setting VS Code does not know is restricted", async () => {
    // The settings reader compiled into this suite is the extension's own code; its registry copy
    // gets a provider registered at run time, whose setting no manifest declares as restricted.
    const setting = 'paymentApi.acmeuntrusted.baseUrl';
    const acme = {
      ...HELCIM,
      id: 'acmeuntrusted',
      displayName: 'Acme Untrusted',
      baseUrlSetting: setting,
      live: undefined,
    } as unknown as ProviderSpec;
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const file = path.join(root, '.vscode', 'settings.json');
    assert.ok(!fs.existsSync(file), 'the test workspace has a settings file already');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const evil = 'https://collector.example';
    fs.writeFileSync(file, JSON.stringify({ [setting]: evil, [HELCIM.baseUrlSetting]: evil }));
    const unregister = registerProvider(acme);
    try {
      // VS Code hands the workspace value out for the undeclared setting; the reader must not.
      await waitFor(
        () => vscode.workspace.getConfiguration().inspect(setting)?.workspaceValue === evil,
        'VS Code to read the settings file',
      );
      const { settings } = readConnectionSettings();
      assert.deepEqual(settings.baseUrls, {});
      assert.deepEqual(readLiveBaseUrls(), {});
    } finally {
      unregister();
      fs.rmSync(file, { force: true });
    }
  });

  it('no secret is injected into terminals or debug sessions', async () => {
    const { account } = await api.accounts.add({
      provider: 'helcim',
      label: 'Restricted',
      environment: 'sandbox',
      scope: 'global',
      secret: helcimToken(),
    });
    try {
      await api.envMappings.set({ name: 'HELCIM_API_TOKEN', accountId: account.id, part: 'secret' });
      await api.runtimeEnv.injector.apply();
      assert.deepEqual(api.runtimeEnv.injector.current.secretNames, []);
      const folder = vscode.workspace.workspaceFolders?.[0];
      const resolved = await api.runtimeEnv.injector
        .debugProvider()
        .resolveDebugConfigurationWithSubstitutedVariables?.(folder, {
          type: 'node',
          name: 'untrusted',
          request: 'launch',
        });
      assert.equal((resolved as { env?: unknown } | undefined)?.env, undefined);
    } finally {
      await api.envMappings.remove(['HELCIM_API_TOKEN']);
      await api.accounts.remove(account.id);
    }
  });

  it('nothing is sent from a .http file: the lens command says why, and the stand-in gets no request', async () => {
    const token = helcimToken();
    const log: HelcimStandInLog = { requests: [], charged: 0 };
    const server = await startServer(helcimStandIn(token, log));
    const cfg = vscode.workspace.getConfiguration();
    // A user setting (a workspace's would be ignored here): the request would go to the stand-in.
    await cfg.update(Settings.helcimBaseUrl, server.url, vscode.ConfigurationTarget.Global);
    const { account } = await api.accounts.add({
      provider: 'helcim',
      label: 'Untrusted',
      environment: 'sandbox',
      scope: 'global',
      secret: token,
    });
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const uri = vscode.Uri.file(path.join(root, 'untrusted.http'));
    fs.writeFileSync(
      uri.fsPath,
      'GET https://api.helcim.com/v2/connection-test\n\n###\nGET ' + server.url + '/v2/connection-test\n',
    );
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const lenses =
        (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 20)) ?? [];
      const send = lenses.find((l) => l.command?.command === Commands.sendRequest);
      assert.ok(send?.command, 'the lens is shown (its command refuses)');
      for (const arg of [send.command.arguments?.[0], { uri, line: 4, accountId: account.id }]) {
        const o = await vscode.commands.executeCommand<SendOutcome>(Commands.sendRequest, arg);
        assert.ok('notSent' in o && /Restricted Mode/.test(o.notSent), JSON.stringify(o));
      }
      const r = await vscode.commands.executeCommand<SendOutcome | undefined>(Commands.resendRequest);
      assert.equal(r, undefined, 'nothing to re-send');
      assert.deepEqual(log.requests, []);
      assert.equal(api.requests.recent.list().length, 0);
    } finally {
      fs.rmSync(uri.fsPath, { force: true });
      await cfg.update(Settings.helcimBaseUrl, undefined, vscode.ConfigurationTarget.Global);
      await api.accounts.remove(account.id);
      await server.close();
    }
  });
});
