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

describe('secret-leak linting in a real VS Code', function () {
  this.timeout(60_000);
  let api: TestApi;
  let root = '';
  const stripe = [
    'sk',
    'live',
    Array.from({ length: 32 }, (_, i) => 'aB3dE6gH9jK2mN5pQ8sT1vW4yZ7bC0eF'[i]).join(''),
  ].join('_');
  const token = helcimToken();

  before(async () => {
    api = await activateExtension();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'no workspace folder');
    try {
      execFileSync('git', ['init', '-q'], { cwd: root });
    } catch {
      /* git missing: ignore rules not tested */
    }
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const openFile = (rel: string, content: string) => openWorkspaceFile(root, rel, content);

  it('flags a secret while it is typed (before any save), with the rule id, a docs link and a masked message', async () => {
    const ed = await openFile('src/typing.ts', "const key = '';\n");
    await ed.edit((b) => b.insert(new vscode.Position(0, 13), stripe));
    const d = await waitFor(() => ours(ed.document.uri)[0], 'a diagnostic while typing');
    assert.equal(codeOf(d), 'stripe-secret-key');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /Hard-coded Stripe secret key \(••••••••/);
    assert.ok(!d.message.includes(stripe));
    assert.ok(
      typeof d.code === 'object' && /\/media\/rules\.md#stripe-secret-key$/.test(d.code.target.toString()),
      String(typeof d.code === 'object' && d.code.target),
    );
    assert.ok(
      fs.existsSync((d.code as { target: vscode.Uri }).target.fsPath),
      'the rules page ships with the extension',
    );
    assert.deepEqual([d.range.start.character, d.range.end.character], [13, 13 + stripe.length]);
    assert.ok(ed.document.isDirty);
  });

  it('offers the quick fixes, preferred first; the ignore comment clears the finding', async () => {
    const ed = await openFile('src/ignore.ts', `const key = '${stripe}';\n`);
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      ed.document.uri,
      d.range,
    );
    const titles = actions
      .filter(
        (a) =>
          a.diagnostics?.includes(d) ||
          a.title.includes('payapi') ||
          a.title.includes('.env') ||
          a.title.includes('Rotate'),
      )
      .map((a) => a.title);
    assert.equal(
      titles[0],
      'Move the secret to .env (the value will sit on disk in plain text) and use process.env.STRIPE_SECRET_KEY',
    );
    assert.ok(titles.includes('Ignore this finding on this line (// payapi-ignore)'));
    assert.ok(titles.some((t) => t.startsWith('Rotate this key')));
    const ignore = actions.find((a) => a.title.startsWith('Ignore this finding'));
    assert.ok(ignore?.edit);
    await vscode.workspace.applyEdit(ignore.edit);
    assert.equal(ed.document.lineAt(0).text, `const key = '${stripe}'; // payapi-ignore`);
    await waitFor(() => ours(ed.document.uri).length === 0, 'the finding to clear');
  });

  it('moves a secret to .env: the literal becomes an env lookup, .env gets the value, .gitignore gets .env', async () => {
    fs.rmSync(path.join(root, '.env'), { force: true });
    fs.writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n');
    const ed = await openFile('app/billing.py', `import os\nHELCIM_API_TOKEN = "${token}"\n`);
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the Helcim diagnostic');
    assert.equal(codeOf(d), 'helcim-api-token');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      ed.document.uri,
      d.range,
    );
    const fix = actions.find(
      (a) =>
        a.title ===
        'Move the secret to .env (the value will sit on disk in plain text) and use os.environ["HELCIM_API_TOKEN"]',
    );
    assert.ok(fix?.command, actions.map((a) => a.title).join(' | '));
    await vscode.commands.executeCommand(fix.command.command, ...((fix.command.arguments ?? []) as unknown[]));
    assert.equal(ed.document.lineAt(1).text, 'HELCIM_API_TOKEN = os.environ["HELCIM_API_TOKEN"]');
    assert.equal(fs.readFileSync(path.join(root, '.env'), 'utf8'), `HELCIM_API_TOKEN=${token}\n`);
    assert.equal(fs.readFileSync(path.join(root, '.gitignore'), 'utf8'), 'node_modules/\n.env\n');
    await waitFor(() => ours(ed.document.uri).length === 0, 'the finding to clear');
  });

  it('judges .env files by whether git ignores them, not by name', async function () {
    try {
      execFileSync('git', ['--version']);
    } catch {
      this.skip();
    }
    const ignored = await openFile('.env', `HELCIM_API_TOKEN=${token}\n`);
    await api.secretLint.idle();
    assert.equal(ours(ignored.document.uri).length, 0, 'a git-ignored .env is fine');
    const tracked = await openFile('deploy/.env.production', `HELCIM_API_TOKEN=${token}\n`);
    await waitFor(() => ours(tracked.document.uri).length === 1, 'a .env file git does not ignore is flagged');
  });

  it('finds a stored secret anywhere as the most severe finding', async () => {
    const plain = ['plain', 'value', 'not', 'matching', 'any', 'rule', String(Date.now())].join('-');
    const { account } = await api.accounts.add({
      provider: 'helcim',
      label: 'Lint Shop',
      environment: 'production',
      scope: 'global',
      secret: `${token.slice(0, 30)}9`,
    });
    try {
      const secret = await api.accounts.readSecret(account.id);
      const ed = await openFile('notes/todo.md', `remember: ${secret} and ${plain}\n`);
      const d = await waitFor(
        () => ours(ed.document.uri).find((x) => codeOf(x) === 'known-secret'),
        'the known-secret diagnostic',
      );
      assert.match(d.message, /your production Helcim api-token “Lint Shop”/);
      assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    } finally {
      await api.accounts.remove(account.id);
    }
  });

  it('Scan Workspace for Secrets fills Problems for files that are not open', async () => {
    const file = path.join(root, 'lib', 'closed.go');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `package lib\n\nconst key = "${stripe}"\n`);
    const r = await vscode.commands.executeCommand<{ files: number; findings: number }>(Commands.scanWorkspace);
    assert.ok(r.findings >= 1 && r.files >= 1, JSON.stringify(r));
    const d = ours(vscode.Uri.file(file));
    assert.equal(d.length, 1);
    assert.equal(d[0]?.range.start.line, 2);
    assert.equal(codeOf(d[0]), 'stripe-secret-key');
  });

  it('the workspace scan puts a finding on its file when a POSIX name holds a backslash', async function () {
    // Result paths are `/`-separated; on POSIX a `\` is part of a name (Windows forbids it in one).
    if (process.platform === 'win32') this.skip();
    const file = path.join(root, 'odd', 'a\\b.go');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `package odd\n\nconst key = "${stripe}"\n`);
    try {
      await vscode.commands.executeCommand(Commands.scanWorkspace);
      assert.equal(ours(vscode.Uri.file(file)).length, 1, 'no finding on odd/a\\b.go');
      assert.equal(ours(vscode.Uri.file(path.join(root, 'odd', 'a', 'b.go'))).length, 0, 'a finding on odd/a/b.go');
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('the workspace scan honours files.exclude and .gitignore, and reports skipped secrets nowhere', async () => {
    fs.mkdirSync(path.join(root, 'generated'), { recursive: true });
    fs.mkdirSync(path.join(root, 'ignored'), { recursive: true });
    const excluded = path.join(root, 'generated', 'keys.js');
    const ignored = path.join(root, 'ignored', 'keys.js');
    const kept = path.join(root, 'kept.js');
    for (const f of [excluded, ignored, kept]) fs.writeFileSync(f, `const k = '${stripe}';\n`);
    fs.appendFileSync(path.join(root, '.gitignore'), 'ignored/\n');
    const cfg = vscode.workspace.getConfiguration('files');
    await cfg.update('exclude', { '**/{generated,other}': true }, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand(Commands.scanWorkspace);
      assert.equal(ours(vscode.Uri.file(kept)).length, 1);
      assert.equal(ours(vscode.Uri.file(excluded)).length, 0, 'files.exclude was not honoured');
      assert.equal(ours(vscode.Uri.file(ignored)).length, 0, '.gitignore was not honoured');
    } finally {
      await cfg.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
      for (const f of [excluded, ignored, kept]) fs.rmSync(f, { force: true });
    }
  });

  it('the workspace scan runs off the extension host: 3,000 files, no event-loop stall over 150 ms', async () => {
    const dir = path.join(root, 'bulk');
    for (let i = 0; i < 3000; i++) {
      const sub = path.join(dir, String(i % 30));
      fs.mkdirSync(sub, { recursive: true });
      fs.writeFileSync(path.join(sub, `m${i}.js`), `// module ${i}\n${'export const x = 1;\n'.repeat(200)}`);
    }
    fs.writeFileSync(path.join(dir, 'leak.js'), `const k = '${stripe}';\n`);
    // Let VS Code's own file watchers (other extensions share this host) settle before measuring.
    await new Promise((r) => setTimeout(r, 3000));
    let last = performance.now();
    let worst = 0;
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    try {
      const r = await vscode.commands.executeCommand<{ files: number; findings: number }>(Commands.scanWorkspace);
      assert.ok(r.files >= 3000, JSON.stringify(r));
      assert.equal(ours(vscode.Uri.file(path.join(dir, 'leak.js'))).length, 1);
    } finally {
      clearInterval(timer);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    // A scan on the host blocks it for seconds. VS Code's own work on 3,000 new files stalls it for
    // 17-53 ms with or without this extension's latest changes (measured, five runs each): 50 ms flaked.
    assert.ok(worst < 150, `the extension host was blocked for ${Math.round(worst)} ms`);
  });
});

describe('secret-leak linting: move to an account', function () {
  this.timeout(60_000);
  it('saves a Helcim token that is not a quoted literal (YAML) as an account through the Add Account flow', async () => {
    const api = await activateExtension();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const token = helcimToken();
    const file = path.join(root, 'config', 'helcim.yml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `helcim:\n  api-token: ${token}\n`);
    const ed = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the Helcim diagnostic');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      ed.document.uri,
      d.range,
    );
    assert.ok(!actions.some((a) => a.title.startsWith('Read it from the environment')), 'no literal to replace');
    const move = actions.find((a) => a.title.startsWith('Save as a Helcim account'));
    assert.ok(move?.command, actions.map((a) => a.title).join(' | '));
    const { ScriptedPrompts } = await import('./scriptedPrompts');
    api.setPrompts(new ScriptedPrompts(['Moved Shop', 'production', 'global']));
    try {
      await vscode.commands.executeCommand(move.command.command, ...((move.command.arguments ?? []) as unknown[]));
    } finally {
      api.setPrompts(undefined);
    }
    const account = api.accounts.list().find((a) => a.label === 'Moved Shop');
    assert.ok(account);
    assert.equal(await api.accounts.readSecret(account.id), token);
    await api.accounts.remove(account.id);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
});

describe('secret-leak linting: very large files', function () {
  this.timeout(60_000);
  it('checks only the first maxFileSizeKb and says so with one info note', async () => {
    await activateExtension();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const cfg = vscode.workspace.getConfiguration();
    await cfg.update('paymentApi.scan.maxFileSizeKb', 1, vscode.ConfigurationTarget.Global);
    try {
      const early = ['sk', 'live', 'Ab1Cd2Ef3Gh4Ij5Kl6Mn7Op8Qr9St0Uv'].join('_');
      const late = ['sk', 'live', 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe'].join('_');
      const file = path.join(root, 'big', 'bundle.js');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `var a = "${early}";\n${'// filler line\n'.repeat(200)}var b = "${late}";\n`);
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const diags = await waitFor(() => {
        const d = ours(doc.uri);
        return d.length >= 2 ? d : undefined;
      }, 'the capped file diagnostics');
      assert.deepEqual(diags.map(codeOf).sort(), ['file-too-large', 'stripe-secret-key']);
      assert.equal(diags.find((d) => codeOf(d) === 'stripe-secret-key')?.range.start.line, 0);
      assert.match(
        diags.find((d) => codeOf(d) === 'file-too-large')?.message ?? '',
        /Only the first 1 KB of this file are checked/,
      );
      assert.equal(diags.find((d) => codeOf(d) === 'file-too-large')?.severity, vscode.DiagnosticSeverity.Information);
    } finally {
      await cfg.update('paymentApi.scan.maxFileSizeKb', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
