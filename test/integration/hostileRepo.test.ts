// Opening files of a hostile repository in a trusted workspace: git is run (it may be, here), but
// only through the safe runner, so nothing the repository configured runs; the files are linted and
// its .gitignore is honoured. The same in Restricted Mode is restrictedMode.test.ts.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { type HostileRepo, buildHostileRepo, expectOpenedFilesLinted, expectWorkspaceScanSafe } from './hostileRepo';
import { activateExtension } from './helpers';

describe('a hostile repository in a trusted workspace', function () {
  this.timeout(60_000);
  let api: TestApi;
  let repo: HostileRepo;

  before(async () => {
    api = await activateExtension();
    assert.equal(vscode.workspace.isTrusted, true);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'no workspace folder');
    repo = buildHostileRepo(root);
    await api.secretLint.idle();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening its files (also inside the embedded repository) runs nothing, and they are linted', () =>
    expectOpenedFilesLinted(repo, () => api.secretLint.idle()));

  it('the workspace scan runs nothing, finds its secrets and honours its .gitignore', () =>
    expectWorkspaceScanSafe(repo));
});
