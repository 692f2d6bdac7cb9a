import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import { helcimToken, p521Key } from '../unit/fixtures';
import { activateExtension, waitFor } from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

/** Every file under `dir` (bytes), for the leak search. */
function* filesUnder(dir: string): Generator<string> {
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* filesUnder(p);
    else if (e.isFile()) yield p;
  }
}

describe('secrets at run time in a real VS Code: terminals, debug sessions, no copy on disk', function () {
  this.timeout(120_000);
  let api: TestApi;
  let root = '';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-runtime-env-'));
  const token = helcimToken();
  const token2 = helcimToken();
  const key = p521Key();
  const keyLines = key.pkcs8.split('\n').filter((l) => l.length >= 40 && !l.startsWith('-----'));
  const accountIds: string[] = [];

  before(async () => {
    api = await activateExtension();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    for (const draft of [
      {
        provider: 'helcim' as const,
        label: 'Env Shop',
        environment: 'sandbox' as const,
        scope: 'global' as const,
        secret: token,
      },
      {
        provider: 'gr4vy' as const,
        label: 'Env Acme',
        environment: 'sandbox' as const,
        scope: 'global' as const,
        secret: key.pkcs8,
        instanceId: 'acme',
        merchantAccountId: 'default',
        scopes: ['*.read'],
      },
    ]) {
      accountIds.push((await api.accounts.add(draft)).account.id);
    }
  });
  after(async () => {
    api.setPrompts(undefined);
    await api.envMappings.remove(api.envMappings.read().mappings.map((m) => m.name));
    for (const id of accountIds) await api.accounts.remove(id).catch(() => undefined);
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs `script` in a new integrated terminal and returns what it wrote to its output file. */
  async function inTerminal(script: string): Promise<string> {
    const out = path.join(tmp, `term-${Date.now()}.txt`);
    const done = `${out}.done`;
    const t = vscode.window.createTerminal({
      name: 'payapi env test',
      shellPath: '/bin/sh',
      shellArgs: ['-c', `${script} > ${out}; touch ${done}`],
    });
    try {
      await waitFor(() => fs.existsSync(done), 'the terminal to run', 30_000);
      return fs.readFileSync(out, 'utf8');
    } finally {
      t.dispose();
      fs.rmSync(out, { force: true });
      fs.rmSync(done, { force: true });
    }
  }

  it('maps variables with the commands; the Accounts tree says which account feeds which', async () => {
    api.setPrompts(new ScriptedPrompts(['HELCIM_API_TOKEN']));
    const helcim = api.accounts.get(accountIds[0] ?? '');
    assert.equal(
      await vscode.commands.executeCommand(Commands.mapEnvVariable, { kind: 'account', account: helcim }),
      'HELCIM_API_TOKEN',
    );
    const gr4vy = api.accounts.get(accountIds[1] ?? '');
    const prompts = new ScriptedPrompts([{ invalid: 'PATH' }]);
    api.setPrompts(prompts);
    await vscode.commands.executeCommand(Commands.mapEnvVariable, { kind: 'account', account: gr4vy });
    assert.match(prompts.validationMessages[0] ?? '', /PATH is used by the shell/);
    api.setPrompts(new ScriptedPrompts(['GR4VY_PRIVATE_KEY', true]));
    await vscode.commands.executeCommand(Commands.mapEnvVariable, { kind: 'account', account: gr4vy });
    assert.deepEqual(
      api.envMappings
        .read()
        .mappings.map((m) => `${m.name}=${m.part}`)
        .sort(),
      [
        'GR4VY_ENVIRONMENT=environment',
        'GR4VY_ID=instanceId',
        'GR4VY_MERCHANT_ACCOUNT_ID=merchantAccountId',
        'GR4VY_PRIVATE_KEY=secret',
        'HELCIM_API_TOKEN=secret',
      ],
    );
    const state = JSON.stringify(api.context.workspaceState.get('paymentApi.runtimeEnv'));
    assert.ok(
      !state.includes(token) && !keyLines.some((l) => state.includes(l)),
      'workspace state holds names and ids only',
    );
    const [group] = await api.accountsFeature.tree.getChildren();
    const items = (await api.accountsFeature.tree.getChildren(group)).map((n) =>
      api.accountsFeature.tree.getTreeItem(n),
    );
    const shop = items.find((i) => i.label === 'Env Shop');
    assert.match(String(shop?.description), /feeds HELCIM_API_TOKEN/);
    await api.runtimeEnv.injector.apply();
    assert.deepEqual(api.runtimeEnv.injector.current.secretNames.sort(), ['GR4VY_PRIVATE_KEY', 'HELCIM_API_TOKEN']);
    const coll = api.context.environmentVariableCollection;
    assert.equal(coll.persistent, false, 'VS Code keeps the values in memory only');
    const desc = coll.description;
    assert.match(typeof desc === 'string' ? desc : (desc?.value ?? ''), /from accounts in VS Code's secret storage/);
  });

  it('a new terminal sees the values (the PEM with its newlines); after removing a mapping, a new one does not', async () => {
    assert.equal((await inTerminal('printenv HELCIM_API_TOKEN')).trim(), token);
    assert.equal((await inTerminal('printenv GR4VY_PRIVATE_KEY')).trim(), key.pkcs8.trim());
    assert.equal((await inTerminal('printenv GR4VY_ID')).trim(), 'acme');
    // A shell task runs in a terminal too.
    const out = path.join(tmp, 'task.txt');
    const task = new vscode.Task(
      { type: 'shell' },
      vscode.TaskScope.Workspace,
      'payapi env',
      'test',
      new vscode.ShellExecution(`printenv HELCIM_API_TOKEN > ${out}`),
    );
    const ended = new Promise<void>((resolve) => {
      const sub = vscode.tasks.onDidEndTaskProcess((e) => {
        if (e.execution.task.name !== 'payapi env') return;
        sub.dispose();
        resolve();
      });
    });
    await vscode.tasks.executeTask(task);
    await ended;
    assert.equal(fs.readFileSync(out, 'utf8').trim(), token);
    fs.rmSync(out);
    await api.envMappings.remove(['HELCIM_API_TOKEN']);
    await api.runtimeEnv.injector.apply();
    assert.equal((await inTerminal('printenv HELCIM_API_TOKEN || true')).trim(), '');
    await vscode.commands.executeCommand(Commands.disableSecretInjection);
    assert.equal((await inTerminal('printenv GR4VY_PRIVATE_KEY || true')).trim(), '');
    await vscode.commands.executeCommand(Commands.enableSecretInjection);
  });

  it('a launched Node debug session gets the variables in env; launch.json is not written; opting out works', async () => {
    const program = path.join(tmp, 'show-env.js');
    const out = path.join(tmp, 'debug-env.json');
    fs.writeFileSync(
      program,
      // Written to a side file and renamed, so the test never reads a half-written file (js-debug's parent session
      // can end after the poll saw the file but before the child finished writing it).
      `const fs = require('fs');\n` +
        `fs.writeFileSync(${JSON.stringify(`${out}.part`)}, JSON.stringify({ key: process.env.GR4VY_PRIVATE_KEY ?? null, ` +
        `id: process.env.GR4VY_ID ?? null, env: process.env.GR4VY_ENVIRONMENT ?? null }));\n` +
        `fs.renameSync(${JSON.stringify(`${out}.part`)}, ${JSON.stringify(out)});\n`,
    );
    const folder = vscode.workspace.workspaceFolders?.[0];
    const run = async (extra: Record<string, unknown>) => {
      fs.rmSync(out, { force: true });
      const ended = new Promise<void>((r) => {
        const sub = vscode.debug.onDidTerminateDebugSession(() => {
          sub.dispose();
          r();
        });
      });
      assert.ok(
        await vscode.debug.startDebugging(folder, {
          type: 'node',
          request: 'launch',
          name: 'payapi env',
          program,
          ...extra,
        }),
      );
      await waitFor(() => fs.existsSync(out), 'the debuggee to write its environment', 60_000);
      await ended;
      const got = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        key: string | null;
        id: string | null;
        env: string | null;
      };
      fs.rmSync(out, { force: true });
      return got;
    };
    const got = await run({});
    assert.equal(got.key?.trim(), key.pkcs8.trim());
    assert.equal(got.id, 'acme');
    assert.equal(got.env, 'sandbox');
    const own = await run({ env: { GR4VY_ID: 'from-launch-json' } });
    assert.equal(own.id, 'from-launch-json', "the configuration's own env wins");
    const optOut = await run({ paymentApiSecrets: false });
    assert.equal(optOut.key, null);
    assert.ok(
      !fs.existsSync(path.join(root, '.vscode', 'launch.json')) ||
        !keyLines.some((l) => fs.readFileSync(path.join(root, '.vscode', 'launch.json'), 'utf8').includes(l)),
    );
  });

  it('an attach configuration gets no variables unless it opts in (resolved, and in a real attach session)', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const provider = api.runtimeEnv.injector.debugProvider();
    const resolve = async (c: Record<string, unknown>) => {
      const r = await provider.resolveDebugConfigurationWithSubstitutedVariables?.(folder, {
        type: 'node',
        name: 'payapi resolve',
        ...c,
      } as vscode.DebugConfiguration);
      return { env: r?.env as Record<string, string> | undefined };
    };
    assert.equal((await resolve({ request: 'launch' })).env?.GR4VY_ID, 'acme', 'a launch still gets them');
    assert.equal((await resolve({ request: 'attach', port: 9229 })).env, undefined);
    assert.equal((await resolve({})).env, undefined, 'no request: nothing');
    assert.equal((await resolve({ request: 'attach', paymentApiSecrets: 'yes' })).env, undefined);
    assert.equal((await resolve({ request: 'attach', paymentApiSecrets: true })).env?.GR4VY_ID, 'acme', 'opted in');
    assert.equal((await resolve({ type: 'docker', request: 'launch' })).env, undefined, 'a container type');
    // A real attach: the session VS Code starts carries the resolved configuration.
    const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', '-e', 'setInterval(() => {}, 1000)'], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    try {
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const port = Number(
        await waitFor(
          () => /Debugger listening on ws:\/\/127\.0\.0\.1:(\d+)\//.exec(stderr)?.[1],
          'the inspector port',
        ),
      );
      let session: vscode.DebugSession | undefined;
      const sub = vscode.debug.onDidStartDebugSession((s) => {
        if (s.configuration.name === 'payapi attach') session ??= s;
      });
      try {
        assert.ok(
          await vscode.debug.startDebugging(folder, { type: 'node', request: 'attach', name: 'payapi attach', port }),
        );
        const started = await waitFor(() => session, 'the attach session', 30_000);
        const env = (started.configuration.env ?? {}) as Record<string, unknown>;
        for (const n of ['GR4VY_ID', 'GR4VY_PRIVATE_KEY', 'GR4VY_ENVIRONMENT']) assert.equal(env[n], undefined, n);
        await vscode.debug.stopDebugging(started);
      } finally {
        sub.dispose();
      }
    } finally {
      child.kill();
    }
  });

  it('Move to .env refuses a .env that is a link to a file outside the workspace: nothing changes', async function () {
    if (process.platform === 'win32') this.skip();
    const token3 = helcimToken();
    const outside = path.join(tmp, 'tracked.env');
    fs.writeFileSync(outside, 'KEEP=1\n');
    const link = path.join(root, '.env');
    const gitignore = path.join(root, '.gitignore');
    const gitignoreBefore = fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : undefined;
    fs.rmSync(link, { force: true });
    fs.symlinkSync(outside, link);
    const file = path.join(root, 'app', 'linked-env.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `const HELCIM_API_TOKEN = '${token3}';\n`);
    const errors: string[] = [];
    const showError = vscode.window.showErrorMessage;
    try {
      const ed = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const d = await waitFor(
        () => vscode.languages.getDiagnostics(ed.document.uri).find((x) => x.source === 'Payment API Toolkit'),
        'the Helcim diagnostic',
      );
      const fix = (
        await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          ed.document.uri,
          d.range,
        )
      ).find((a) => a.title.startsWith('Move the secret to .env'));
      assert.ok(fix?.command);
      (vscode.window as { showErrorMessage: (m: string) => Thenable<undefined> }).showErrorMessage = (m: string) => {
        errors.push(m);
        return Promise.resolve(undefined);
      };
      await vscode.commands.executeCommand(fix.command.command, ...((fix.command.arguments ?? []) as unknown[]));
      assert.equal(fs.readFileSync(outside, 'utf8'), 'KEEP=1\n', 'the file the link leads to is unchanged');
      assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is left alone');
      assert.equal(ed.document.lineAt(0).text, `const HELCIM_API_TOKEN = '${token3}';`, 'the literal stays');
      assert.equal(fs.existsSync(gitignore) ? fs.readFileSync(gitignore, 'utf8') : undefined, gitignoreBefore);
      // The test and the extension share one `vscode` API object, so the message shown is caught here.
      assert.equal(errors.length, 1, errors.join('\n'));
      assert.match(
        errors[0] ?? '',
        /\.env is a symbolic link to .*tracked\.env; the secret was not written\. Remove the link or use 'Read it from the environment' instead/,
      );
      assert.ok(!errors[0]?.includes(token3));
    } finally {
      (vscode.window as { showErrorMessage: unknown }).showErrorMessage = showError;
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      if (gitignoreBefore === undefined) fs.rmSync(gitignore, { force: true });
      else fs.writeFileSync(gitignore, gitignoreBefore);
      fs.rmSync(file, { force: true });
      fs.rmSync(link, { force: true });
      fs.rmSync(outside, { force: true });
    }
  });

  it('the preferred quick fix reads the secret from the environment and leaves it in no file', async () => {
    const file = path.join(root, 'app', 'runtime.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `const HELCIM_API_TOKEN = '${token2}';\nmodule.exports = HELCIM_API_TOKEN;\n`);
    const ed = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
    const d = await waitFor(
      () => vscode.languages.getDiagnostics(ed.document.uri).find((x) => x.source === 'Payment API Toolkit'),
      'the Helcim diagnostic',
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      ed.document.uri,
      d.range,
    );
    const fix = actions.find((a) => a.isPreferred);
    assert.equal(
      fix?.title,
      'Read it from the environment (process.env.HELCIM_API_TOKEN), keep the value in secret storage',
    );
    assert.ok(
      actions.some((a) => a.title.startsWith('Move the secret to .env (the value will sit on disk in plain text)')),
    );
    const prompts = new ScriptedPrompts(['Runtime Shop', 'production', 'global', true]);
    api.setPrompts(prompts);
    const name = await vscode.commands.executeCommand(
      fix.command?.command ?? '',
      ...((fix.command?.arguments ?? []) as unknown[]),
    );
    assert.equal(name, 'HELCIM_API_TOKEN');
    assert.ok(
      prompts.asked.some((q) => /Inject the production account “Runtime Shop”/.test(q)),
      prompts.asked.join('\n'),
    );
    const account = api.accounts.list().find((a) => a.label === 'Runtime Shop');
    assert.ok(account);
    accountIds.push(account.id);
    assert.equal(await api.accounts.readSecret(account.id), token2);
    assert.equal(ed.document.lineAt(0).text, 'const HELCIM_API_TOKEN = process.env.HELCIM_API_TOKEN;');
    assert.equal(ed.document.isDirty, false, 'saved, so the old text is gone from disk');
    assert.ok(api.envMappings.read().mappings.some((m) => m.name === 'HELCIM_API_TOKEN' && m.accountId === account.id));
    assert.equal((await inTerminal('printenv HELCIM_API_TOKEN')).trim(), token2);
    // The same value in another file matches the stored account: nothing is asked, nothing added.
    const again = path.join(root, 'app', 'again.py');
    fs.writeFileSync(again, `import os\nHELCIM_API_TOKEN = "${token2}"\n`);
    const ed2 = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(again));
    const d2 = await waitFor(
      () => vscode.languages.getDiagnostics(ed2.document.uri).find((x) => x.source === 'Payment API Toolkit'),
      'the stored secret found again',
    );
    const fix2 = (
      await vscode.commands.executeCommand<vscode.CodeAction[]>(
        'vscode.executeCodeActionProvider',
        ed2.document.uri,
        d2.range,
      )
    ).find((a) => a.isPreferred);
    api.setPrompts(new ScriptedPrompts([]));
    const accounts = api.accounts.list().length;
    assert.equal(
      await vscode.commands.executeCommand(
        fix2?.command?.command ?? '',
        ...((fix2?.command?.arguments ?? []) as unknown[]),
      ),
      'HELCIM_API_TOKEN',
    );
    assert.equal(api.accounts.list().length, accounts, 'no new account');
    assert.equal(ed2.document.lineAt(1).text, 'HELCIM_API_TOKEN = os.environ["HELCIM_API_TOKEN"]');
    for (const f of filesUnder(root)) {
      assert.ok(!fs.readFileSync(f).includes(token2), `${path.relative(root, f)} holds the secret`);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the leak search: no value in settings, global or workspace state, the user-data folder, logs or the workspace', async () => {
    const values = [token, token2, ...keyLines];
    const states = [api.context.globalState, api.context.workspaceState].map((m) =>
      JSON.stringify(m.keys().map((k) => [k, m.get(k)])),
    );
    states.push(JSON.stringify(vscode.workspace.getConfiguration().inspect('paymentApi') ?? {}));
    for (const s of states) for (const v of values) assert.ok(!s.includes(v), 'a secret is in state or settings');
    // globalStorageUri is <user-data>/User/globalStorage/<extension>: the user-data folder is three levels up.
    const userData = path.resolve(api.context.globalStorageUri.fsPath, '..', '..', '..');
    assert.ok(fs.existsSync(path.join(userData, 'User')), userData);
    let scanned = 0;
    for (const dir of [userData, root, api.context.logUri.fsPath]) {
      for (const f of filesUnder(dir)) {
        const bytes = fs.readFileSync(f);
        scanned++;
        for (const v of values) assert.ok(!bytes.includes(v), `${f} holds a secret value`);
      }
    }
    assert.ok(scanned > 10, `only ${scanned} files searched`);
  });
});
