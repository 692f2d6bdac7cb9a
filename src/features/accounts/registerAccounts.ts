import * as vscode from 'vscode';
import { mapLimited } from '../../core/async';
import { testAccount } from '../../core/accounts/connectionTest';
import type { AccountStore } from '../../core/accounts/store';
import type { Account, ConnectionResult } from '../../core/accounts/types';
import { describeError, isAppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { mask } from '../../core/mask';
import { dashboardFor, maskedCurl } from '../../core/providers/links';
import { readConnectionSettings } from '../../host/config';
import { ACCOUNT_URI_SCHEME, Commands, ContextKeys, Views } from '../../ids';
import { type AccountsNode, AccountsTree } from './accountsTree';
import { askSecret, collectAccountDraft } from './addAccountFlow';
import type { Prompts } from './prompts';
import { createActiveAccountStatus } from './statusBar';

/** How many accounts "Test All" tests at once. */
const TEST_ALL_CONCURRENCY = 3;
const PROVIDER_NAMES = { helcim: 'Helcim', gr4vy: 'Gr4vy' } as const;

export interface AccountsDeps {
  store: AccountStore;
  log: Logger;
  /** Returns the prompts to use (tests swap in scripted ones). */
  prompts: () => Prompts;
}

/** What the feature hands back for the test API. */
export interface AccountsFeature {
  tree: AccountsTree;
}

/** Accounts view, status bar item and the account commands. */
export function registerAccounts(context: vscode.ExtensionContext, deps: AccountsDeps): AccountsFeature {
  const { store, log } = deps;
  const tree = new AccountsTree(store);
  const view = vscode.window.createTreeView(Views.accounts, { treeDataProvider: tree, showCollapseAll: false });
  context.subscriptions.push(
    tree,
    view,
    vscode.window.registerFileDecorationProvider(tree),
    createActiveAccountStatus(store),
  );

  const syncContext = () => {
    void vscode.commands.executeCommand('setContext', ContextKeys.hasAccounts, store.list().length > 0);
    tree.refresh();
  };
  syncContext();
  context.subscriptions.push(store.onDidChange(syncContext));
  // Another window (or the OS keychain) changed one of our secrets: drop cached masks and redraw.
  context.subscriptions.push(context.secrets.onDidChange(() => tree.refresh()));
  void store.warmUp();

  /** The account an item-or-palette command is about: the clicked item, or a pick. */
  const target = async (arg: unknown, placeholder: string): Promise<Account | undefined> => {
    const id = accountIdOf(arg);
    if (id) return store.get(id);
    const accounts = store.list();
    if (accounts.length === 0) {
      void vscode.window
        .showInformationMessage('No payment API accounts yet.', 'Add Account')
        .then((c) => c && vscode.commands.executeCommand(Commands.addAccount));
      return undefined;
    }
    if (accounts.length === 1) return accounts[0];
    return deps.prompts().pick(
      accounts.map((a) => ({
        label: a.label,
        description: `${PROVIDER_NAMES[a.provider]} · ${a.environment}`,
        value: a,
      })),
      { title: 'Payment API Accounts', placeholder },
    );
  };

  const logResult = (a: Account, r: ConnectionResult, secretHint: string) => {
    const line = `Test ${PROVIDER_NAMES[a.provider]} "${a.label}" (${a.environment}, ${secretHint}): ${r.outcome}${r.status ? `, HTTP ${r.status}` : ''}${r.latencyMs !== undefined ? `, ${r.latencyMs} ms` : ''}: ${r.message}`;
    if (r.ok) log.info(line);
    else log.warn(r.advice ? `${line} | ${r.advice}` : line);
  };

  const secretHint = async (a: Account): Promise<string> => {
    if (a.provider === 'gr4vy') return `kid ${a.kid}`;
    try {
      return `api-token ${mask(await store.readSecret(a.id))}`;
    } catch {
      return 'api-token missing';
    }
  };

  const runTest = async (a: Account, signal?: AbortSignal): Promise<ConnectionResult> => {
    const { settings, problems } = readConnectionSettings();
    for (const p of problems) log.warn(`Setting ignored: ${p}`);
    tree.setTesting(a.id, true);
    try {
      const r = await testAccount(store, a, settings, signal);
      logResult(a, r, await secretHint(a));
      return r;
    } finally {
      tree.setTesting(a.id, false);
    }
  };

  const notify = (a: Account, r: ConnectionResult) => {
    const name = `${PROVIDER_NAMES[a.provider]} “${a.label}”`;
    if (r.ok) {
      void vscode.window.showInformationMessage(`“${a.label}”: ${r.message}.`);
      return;
    }
    if (r.outcome === 'cancelled') return;
    const actions =
      r.outcome === 'forbidden' || r.outcome === 'unauthorized'
        ? ['Replace Secret', 'Open Dashboard', 'Show Log']
        : ['Show Log'];
    void vscode.window
      .showErrorMessage(`${name}: ${r.message}.${r.advice ? ` ${r.advice}` : ''}`, ...actions)
      .then((choice) => {
        if (choice === 'Replace Secret') void vscode.commands.executeCommand(Commands.replaceSecret, a.id);
        else if (choice === 'Open Dashboard') void vscode.commands.executeCommand(Commands.openDashboard, a.id);
        else if (choice === 'Show Log') void vscode.commands.executeCommand(Commands.showLog);
      });
  };

  const commands: [string, (arg?: unknown) => unknown][] = [
    [
      Commands.addAccount,
      async () => {
        const draft = await collectAccountDraft(deps.prompts(), store);
        if (!draft) return undefined;
        const { account, summary } = await store.add(draft);
        log.info(
          `Added ${PROVIDER_NAMES[account.provider]} account "${account.label}" (${account.environment}, ${account.scope}): ${summary}`,
        );
        if (!store.activeId()) await store.setActive(account.id);
        void vscode.window
          .showInformationMessage(
            `Added ${PROVIDER_NAMES[account.provider]} account “${account.label}” (${account.environment}): ${summary}.`,
            'Test Connection',
          )
          .then((c) => {
            if (c) void vscode.commands.executeCommand(Commands.testConnection, account.id);
          });
        return account.id;
      },
    ],
    [
      Commands.testConnection,
      async (arg) => {
        const a = await target(arg, 'Test which account?');
        if (!a) return undefined;
        const r = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: `Testing ${PROVIDER_NAMES[a.provider]} “${a.label}”…`,
            cancellable: true,
          },
          (_p, token) => runTest(a, abortSignalOf(token)),
        );
        notify(a, r);
        return r;
      },
    ],
    [
      Commands.testAllConnections,
      async () => {
        const accounts = store.list();
        if (accounts.length === 0) return [];
        const results = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: 'Testing payment API accounts', cancellable: true },
          async (progress, token) => {
            let done = 0;
            return mapLimited(
              accounts,
              TEST_ALL_CONCURRENCY,
              async (a) => {
                const r = await runTest(a, abortSignalOf(token));
                progress.report({ increment: 100 / accounts.length, message: `${++done} of ${accounts.length}` });
                return r;
              },
              abortSignalOf(token),
            );
          },
        );
        const tested = results.filter((r): r is ConnectionResult => r !== undefined && r.outcome !== 'cancelled');
        const failed = tested.filter((r) => !r.ok).length;
        const summary = `${tested.length - failed} of ${accounts.length} accounts connected${failed ? `, ${failed} failed` : ''}${tested.length < accounts.length ? `, ${accounts.length - tested.length} not tested (cancelled)` : ''}.`;
        if (failed)
          void vscode.window
            .showWarningMessage(summary, 'Show Log')
            .then((c) => c && vscode.commands.executeCommand(Commands.showLog));
        else void vscode.window.showInformationMessage(summary);
        return results;
      },
    ],
    [
      Commands.refreshAccounts,
      () => {
        store.fire();
      },
    ],
    [
      Commands.renameAccount,
      async (arg) => {
        const a = await target(arg, 'Rename which account?');
        if (!a) return;
        const label = await deps.prompts().input({
          title: `Rename “${a.label}”`,
          prompt: 'New name',
          value: a.label,
          validate: async (v) =>
            v.trim() === '' ? 'The name is empty' : v.trim().length > 60 ? 'At most 60 characters' : undefined,
        });
        if (label === undefined || label.trim() === a.label) return;
        await store.rename(a.id, label);
        log.info(`Renamed "${a.label}" to "${label.trim()}"`);
      },
    ],
    [
      Commands.replaceSecret,
      async (arg) => {
        const a = await target(arg, 'Replace the secret of which account?');
        if (!a) return;
        const secret = await askSecret(
          deps.prompts(),
          a.provider,
          `Replace the ${a.provider === 'helcim' ? 'api-token' : 'private key'} of “${a.label}”`,
        );
        if (secret === undefined) return;
        const { summary } = await store.replaceSecret(a.id, secret);
        log.info(`Replaced the secret of ${PROVIDER_NAMES[a.provider]} "${a.label}": now ${summary}`);
        void vscode.window
          .showInformationMessage(`Replaced the secret of “${a.label}”: now ${summary}.`, 'Test Connection')
          .then((c) => {
            if (c) void vscode.commands.executeCommand(Commands.testConnection, a.id);
          });
      },
    ],
    [
      Commands.copyMaskedSecret,
      async (arg) => {
        const a = await target(arg, 'Copy the masked secret of which account?');
        if (!a) return;
        const text = a.provider === 'helcim' ? mask(await store.readSecret(a.id)) : `kid ${a.kid}`;
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage(
          a.provider === 'helcim'
            ? `Copied the masked api-token (${text}).`
            : `Copied the key id (${text}); the private key itself is never copied.`,
        );
      },
    ],
    [
      Commands.copyCurlCommand,
      async (arg) => {
        const a = await target(arg, 'Copy a curl command for which account?');
        if (!a) return;
        const { settings } = readConnectionSettings();
        const hint = a.provider === 'helcim' ? mask(await store.readSecret(a.id)) : '';
        await vscode.env.clipboard.writeText(
          maskedCurl(a, hint, { helcim: settings.helcimBaseUrl, gr4vy: settings.gr4vyBaseUrl }),
        );
        void vscode.window.showInformationMessage('Copied a curl command with the secret masked, for support tickets.');
      },
    ],
    [
      Commands.openDashboard,
      async (arg) => {
        const a = await target(arg, 'Open the dashboard of which account?');
        if (!a) return;
        const { url, where } = dashboardFor(a);
        await vscode.env.openExternal(vscode.Uri.parse(url));
        void vscode.window.showInformationMessage(`To disable or regenerate a compromised credential, go to ${where}.`);
      },
    ],
    [
      Commands.removeAccount,
      async (arg) => {
        const a = await target(arg, 'Remove which account?');
        if (!a) return false;
        const what = a.provider === 'helcim' ? 'api-token' : 'private key';
        const ok = await deps
          .prompts()
          .confirm(
            `Remove the ${PROVIDER_NAMES[a.provider]} account “${a.label}”?`,
            `Its ${what} is deleted from VS Code's secret storage. This does not revoke it at ${PROVIDER_NAMES[a.provider]}: use "Open Provider Dashboard" for that.`,
            'Remove',
          );
        if (!ok) return false;
        await store.remove(a.id);
        log.info(`Removed ${PROVIDER_NAMES[a.provider]} account "${a.label}"`);
        return true;
      },
    ],
    [
      Commands.selectActiveAccount,
      async (arg) => {
        const a = accountIdOf(arg)
          ? await target(arg, '')
          : await deps.prompts().pick(
              store.list().map((x) => ({
                label: x.label,
                description: `${PROVIDER_NAMES[x.provider]} · ${x.environment}${x.id === store.activeId() ? ' · active' : ''}`,
                value: x,
              })),
              {
                title: 'Active Payment API Account',
                placeholder: 'Used by the status bar, the JWT inspector and quick fixes',
              },
            );
        if (!a) return;
        await store.setActive(a.id);
      },
    ],
  ];
  for (const [id, handler] of commands) {
    context.subscriptions.push(
      vscode.commands.registerCommand(id, async (arg?: unknown) => {
        try {
          return await handler(arg);
        } catch (e) {
          // Expected failures (bad input, a missing secret) are told plainly; anything else is logged too.
          if (!isAppError(e)) log.error(`${id} failed: ${describeError(e)}`);
          void vscode.window.showErrorMessage(describeError(e));
          return undefined;
        }
      }),
    );
  }
  return { tree };
}

/** An account id from a command argument: a tree node, an id string, or a decorated URI. */
function accountIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const n = arg as Partial<AccountsNode> & { scheme?: string; path?: string };
    if (n.kind === 'account' && n.account) return n.account.id;
    if (arg instanceof vscode.Uri && arg.scheme === ACCOUNT_URI_SCHEME) return arg.path.slice(1);
  }
  return undefined;
}

function abortSignalOf(token: vscode.CancellationToken): AbortSignal {
  const ac = new AbortController();
  if (token.isCancellationRequested) ac.abort();
  else token.onCancellationRequested(() => ac.abort());
  return ac.signal;
}
