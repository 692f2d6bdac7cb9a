// Opening files of a hostile repository in a trusted workspace: git is run (it may be, here), but
// only through the safe runner, so nothing the repository configured runs; the files are linted and
// its .gitignore is honoured. The same in Restricted Mode is restrictedMode.test.ts.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/ids';
import { helcimToken } from '../unit/fixtures';
import { type HostileRepo, buildHostileRepo } from './hostileRepo';
import { activateExtension, waitFor } from './helpers';

const ours = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Payment API Toolkit');

describe('a hostile repository in a trusted workspace', function () {
  this.timeout(60_000);
  let repo: HostileRepo;

  before(async () => {
    const api = await activateExtension();
    assert.equal(vscode.workspace.isTrusted, true);
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'no workspace folder');
    repo = buildHostileRepo(root);
    await api.secretLint.idle();
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening its files (also inside the embedded repository) runs nothing, and they are linted', async () => {
    for (const rel of repo.leaky) {
      const doc = await vscode.workspace.openTextDocument(path.join(repo.dir, rel));
      await vscode.window.showTextDocument(doc);
      await waitFor(() => ours(doc.uri).length > 0, `a finding in ${rel}`);
    }
    const ignored = await vscode.workspace.openTextDocument(path.join(repo.dir, repo.ignored));
    await vscode.window.showTextDocument(ignored);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(ours(ignored.uri).length, 0, 'its .gitignore is honoured');
    assert.equal(repo.ran(), '', 'a command the repository configured ran');
  });

  it('the workspace scan runs nothing, finds its secrets and honours its .gitignore', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Files no editor has opened (open ones are left to the live linter).
    const fresh = path.join(repo.dir, 'evil', 'fresh.env');
    const ignored = path.join(repo.dir, 'sub', 'ignored.env');
    fs.mkdirSync(path.dirname(ignored), { recursive: true });
    fs.writeFileSync(fresh, `HELCIM_API_TOKEN=${helcimToken()}\n`);
    fs.writeFileSync(ignored, `HELCIM_API_TOKEN=${helcimToken()}\n`);
    await vscode.commands.executeCommand(Commands.scanWorkspace);
    assert.ok(ours(vscode.Uri.file(fresh)).length > 0, 'a file the scan alone read is flagged');
    assert.equal(ours(vscode.Uri.file(ignored)).length, 0, 'git ignores it');
    assert.equal(repo.ran(), '');
  });
});
