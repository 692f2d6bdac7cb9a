import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { activateExtension, waitFor } from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

const ours = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Payment API Toolkit');
/** A key-shaped value built at run time: 32 characters from the alphabet, in a fixed shuffle. */
const stripeKey = (seed: number) =>
  [
    'sk',
    'live',
    Array.from({ length: 32 }, (_, i) => 'Qw3Er5Ty7Ui9Op2As4Df6Gh8Jk1Lz0Xc'[(i * 7 + seed) % 32]).join(''),
  ].join('_');

describe('leak response in a real VS Code: baseline, Is it live?, Respond to a leak', function () {
  this.timeout(60_000);
  let api: TestApi;
  let root = '';
  let server: Server;
  const calls: string[] = [];
  const live = stripeKey(1);
  const other = stripeKey(5);
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=Leak Test', '-c', 'user.email=l@example.test', ...args], { cwd: root });

  before(async () => {
    api = await activateExtension();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    git('init', '-q');
    server = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      const ok = req.headers.authorization === `Bearer ${live}`;
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(ok ? '{"object":"balance"}' : '{"error":{"message":"Invalid API Key provided"}}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as AddressInfo;
    await vscode.workspace
      .getConfiguration()
      .update('paymentApi.stripe.baseUrl', `http://127.0.0.1:${port}`, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await vscode.workspace
      .getConfiguration()
      .update('paymentApi.stripe.baseUrl', undefined, vscode.ConfigurationTarget.Global);
    server.close();
    fs.rmSync(path.join(root, '.payapi-baseline.json'), { force: true });
    api.setPrompts(undefined);
  });
  afterEach(async () => {
    api.setPrompts(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  async function open(rel: string, content: string) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
  }
  async function actionsAt(uri: vscode.Uri, d: vscode.Diagnostic) {
    return vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range);
  }
  async function run(a: vscode.CodeAction | undefined): Promise<unknown> {
    assert.ok(a?.command, 'the code action is offered');
    return vscode.commands.executeCommand(a.command.command, ...((a.command.arguments ?? []) as unknown[]));
  }

  it('accepting a finding writes a baseline without the secret; it becomes a hint, also when moved; a new one stays an error', async () => {
    const ed = await open('leaks/accept.ts', `export const key = '${live}';\n`);
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the Stripe diagnostic');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    const accept = (await actionsAt(ed.document.uri, d)).find((a) => a.title.startsWith('Accept this finding'));
    await run(accept);
    const text = fs.readFileSync(path.join(root, '.payapi-baseline.json'), 'utf8');
    assert.ok(!text.includes(live) && !text.includes(live.slice(8, 20)), 'no secret in the baseline');
    assert.match(text, /"path": "leaks\/accept\.ts"/);
    await waitFor(() => ours(ed.document.uri)[0]?.severity === vscode.DiagnosticSeverity.Hint, 'the hint');
    assert.match(ours(ed.document.uri)[0]?.message ?? '', /accepted in \.payapi-baseline\.json/);
    await ed.edit((b) => b.insert(new vscode.Position(0, 0), '// moved\n\n'));
    await api.secretLint.idle();
    await waitFor(() => ours(ed.document.uri)[0]?.range.start.line === 2, 'the moved finding');
    assert.equal(ours(ed.document.uri)[0]?.severity, vscode.DiagnosticSeverity.Hint);
    await ed.edit((b) => b.insert(new vscode.Position(3, 0), `export const other = '${other}';\n`));
    const fresh = await waitFor(() => ours(ed.document.uri).find((x) => x.range.start.line === 3), 'the new finding');
    assert.equal(fresh.severity, vscode.DiagnosticSeverity.Error);
    await ed.document.save();
  });

  it('Is it live? shows the exact call first, makes none without the go, and a live production key becomes an error saying so', async () => {
    fs.rmSync(path.join(root, '.payapi-baseline.json'), { force: true });
    const ed = await open('leaks/live.ts', `export const key = '${live}';\n`);
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the Stripe diagnostic');
    const check = (await actionsAt(ed.document.uri, d)).find((a) => a.title.startsWith('Is it live?'));
    const before = calls.length;
    const no = new ScriptedPrompts([false]);
    api.setPrompts(no);
    assert.equal(await run(check), undefined);
    assert.equal(calls.length, before, 'no call without the go');
    assert.match(
      no.asked[0] ?? '',
      /confirm: Check whether this Stripe secret \(••••••••.{4}\) is live\? One read-only call: GET http:\/\/127\.0\.0\.1:\d+\/v1\/balance/,
    );
    api.setPrompts(new ScriptedPrompts([true]));
    const r = (await run(check)) as { verdict: string };
    assert.equal(r.verdict, 'live');
    assert.deepEqual(calls.slice(before), ['GET /v1/balance']);
    const err = await waitFor(() => ours(ed.document.uri).find((x) => x.message.startsWith('LIVE')), 'the live error');
    assert.equal(err.severity, vscode.DiagnosticSeverity.Error);
    assert.match(err.message, /^LIVE: Stripe accepted this secret on production\. Rotate it now\./);
    assert.ok(!err.message.includes(live));
  });

  it('Respond to a leak: finds the commit, writes a private filter-repo file, accepts in the baseline', async () => {
    const rel = 'leaks/history.ts';
    const ed = await open(rel, `export const key = '${other}';\n`);
    git('add', rel);
    git('commit', '-q', '-m', 'leak');
    const d = await waitFor(() => ours(ed.document.uri)[0], 'the Stripe diagnostic');
    const respond = (await actionsAt(ed.document.uri, d)).find((a) => a.title.startsWith('Respond to a leak'));
    const prompts = new ScriptedPrompts(['filterRepo', 'baseline', undefined]);
    api.setPrompts(prompts);
    const started = Date.now();
    const steps = await run(respond);
    assert.deepEqual(steps, ['filterRepo', 'baseline']);
    assert.match(
      prompts.asked[0] ?? '',
      /This secret is in git history: added in [0-9a-f]{8} by Leak Test \(1 commit\)/,
    );
    const dirs = fs
      .readdirSync(os.tmpdir())
      .filter((n) => n.startsWith('payapi-leak-'))
      .map((n) => path.join(os.tmpdir(), n))
      .filter((p) => fs.statSync(p).mtimeMs >= started - 1000);
    assert.equal(dirs.length, 1);
    const file = path.join(dirs[0] ?? '', 'replacements.txt');
    assert.equal(fs.readFileSync(file, 'utf8'), `${other}==>***REMOVED***\n`);
    assert.equal(fs.statSync(file).mode & 0o077, 0, 'readable by the owner only');
    fs.rmSync(dirs[0] ?? '', { recursive: true });
    await waitFor(() => ours(ed.document.uri)[0]?.severity === vscode.DiagnosticSeverity.Hint, 'accepted as a hint');
  });
});
