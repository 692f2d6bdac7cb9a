// Payment secrets that reach the browser or a log, in a real VS Code: a git-ignored .env.local is
// still checked for secrets under public names (and only for those), browser code calling a
// provider's API is flagged, the quick fixes are the honest ones, and the workspace scan agrees.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import { helcimToken } from '../unit/fixtures';
import { activateExtension, waitFor, openFile as openWorkspaceFile } from './helpers';

const ours = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Payment API Toolkit');
const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('client exposure in a real VS Code', function () {
  this.timeout(60_000);
  let api: TestApi;
  let root = '';
  const token = helcimToken();
  let gitignoreBefore: string | undefined;
  let madeRepository = false;

  before(async function () {
    try {
      execFileSync('git', ['--version']);
    } catch {
      this.skip();
    }
    api = await activateExtension();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'no workspace folder');
    // A repository made here would change what later suites' workspace scans list: removed after.
    madeRepository = !fs.existsSync(path.join(root, '.git'));
    execFileSync('git', ['init', '-q'], { cwd: root });
    const gitignore = path.join(root, '.gitignore');
    gitignoreBefore = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : undefined;
    fs.writeFileSync(gitignore, `${gitignoreBefore ?? ''}\n.env.local\nweb/.env.local\nweb/.env\n`);
  });
  after(() => {
    const gitignore = path.join(root, '.gitignore');
    if (gitignoreBefore === undefined) fs.rmSync(gitignore, { force: true });
    else fs.writeFileSync(gitignore, gitignoreBefore);
    for (const f of ['.env.local', 'web', 'api']) fs.rmSync(path.join(root, f), { recursive: true, force: true });
    if (madeRepository) fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const openFile = (rel: string, content: string) => openWorkspaceFile(root, rel, content);

  /** The quick fixes offered at a finding (executeCodeActionProvider's results do not carry their diagnostics). */
  async function fixes(doc: vscode.TextDocument, d: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
    return vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      d.range,
      vscode.CodeActionKind.QuickFix.value,
    );
  }

  it('a git-ignored .env.local: a secret under NEXT_PUBLIC_ is flagged, the server-only one is not', async () => {
    const ed = await openFile(
      '.env.local',
      `HELCIM_API_TOKEN=${token}\nNEXT_PUBLIC_HELCIM_API_TOKEN=${token}\nNEXT_PUBLIC_GR4VY_ID=acme\n`,
    );
    await api.secretLint.idle();
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the public-env diagnostic');
    assert.deepEqual(
      ours(ed.document.uri).map((x) => [codeOf(x), x.range.start.line]),
      [['public-env-secret', 1]],
      'only the public name: the ignored file is where the server token belongs',
    );
    assert.match(d.message, /Next\.js/);
    assert.ok(!d.message.includes(token), 'the message holds no secret');
    assert.equal(ed.document.getText(d.range), 'NEXT_PUBLIC_HELCIM_API_TOKEN');
    // HELCIM_API_TOKEN is already defined here: renaming would make a second one, so no rename is offered.
    const titles = (await fixes(ed.document, d)).map((a) => a.title);
    assert.ok(
      titles.some((t) => /^Accept this finding/.test(t)),
      titles.join(' | '),
    );
    assert.ok(!titles.some((t) => /^Rename/.test(t)), titles.join(' | '));
    assert.ok(!titles.some((t) => /Move the secret to \.env|Save as a|Is it live/.test(t)), titles.join(' | '));
  });

  it('the rename fix makes it server only, and the finding goes', async () => {
    const ed = await openFile('web/.env.local', `NEXT_PUBLIC_HELCIM_API_TOKEN=${token}\n`);
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the public-env diagnostic');
    const all = await fixes(ed.document, d);
    const rename = all.find((a) => /^Rename to HELCIM_API_TOKEN/.test(a.title));
    assert.ok(rename?.edit, `a rename fix among: ${all.map((a) => a.title).join(' | ')}`);
    assert.ok(await vscode.workspace.applyEdit(rename.edit));
    assert.equal(ed.document.getText(), `HELCIM_API_TOKEN=${token}\n`);
    await waitFor(() => ours(ed.document.uri).length === 0, 'the finding to go');
  });

  it("a 'use client' component calling Helcim's API is flagged; a route handler doing it is not", async () => {
    const client = await openFile(
      'web/app/pay/Checkout.tsx',
      "'use client';\nexport async function pay() {\n" +
        "  return fetch('https://api.helcim.com/v2/helcim-pay/initialize', { method: 'POST' });\n}\n",
    );
    const d = await waitFor(() => ours(client.document.uri)[0], 'the browser-call diagnostic');
    assert.equal(codeOf(d), 'browser-server-call');
    assert.equal(d.range.start.line, 2);
    const server = await openFile(
      'web/app/api/pay/route.ts',
      "export async function POST() {\n  return fetch('https://api.helcim.com/v2/helcim-pay/initialize', {\n" +
        "    method: 'POST', headers: { 'api-token': process.env.HELCIM_API_TOKEN ?? '' } });\n}\n",
    );
    await api.secretLint.idle();
    assert.deepEqual(ours(server.document.uri), []);
  });

  it('a token written to the log: the last-four fix', async () => {
    const ed = await openFile('web/server.js', "console.log('token', process.env.HELCIM_API_TOKEN);\n");
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the log diagnostic');
    assert.equal(codeOf(d), 'secret-in-log');
    const fix = (await fixes(ed.document, d)).find((a) => a.isPreferred && a.edit);
    assert.ok(fix?.edit, 'a preferred fix with an edit');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(ed.document.getText(), /slice\(-4\)/);
    await waitFor(() => ours(ed.document.uri).length === 0, 'the finding to go');
  });

  it('the workspace scan reads the ignored .env files for this rule only', async () => {
    fs.mkdirSync(path.join(root, 'web'), { recursive: true });
    fs.writeFileSync(path.join(root, 'web', '.env'), `VITE_HELCIM_API_TOKEN=${token}\n`);
    // Files no editor opened (an open one keeps its live findings until VS Code reloads it).
    fs.mkdirSync(path.join(root, 'api'), { recursive: true });
    fs.writeFileSync(path.join(root, 'api', '.env.local'), `HELCIM_API_TOKEN=${token}\n`);
    await vscode.commands.executeCommand(Commands.scanWorkspace);
    const viteEnv = vscode.Uri.file(path.join(root, 'web', '.env'));
    assert.deepEqual(
      ours(viteEnv).map((x) => codeOf(x)),
      ['public-env-secret'],
    );
    assert.match(ours(viteEnv)[0]?.message ?? '', /Vite/);
    assert.deepEqual(ours(vscode.Uri.file(path.join(root, 'api', '.env.local'))), []);
  });
});
