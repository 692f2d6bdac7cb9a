import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account } from '../../core/providers/accountTypes';
import type { Logger } from '../../core/logger';
import type { EnvMappingStore } from '../../core/runtimeEnv/mappings';
import { providerOfAccount } from '../../core/providers/registry';
import { registerCommands } from '../../host/commands';
import { ACCOUNT_URI_SCHEME, Commands, ContextKeys, Views } from '../../ids';
import { type AccountPrefill, accountCommands, addAccount } from './accountCommands';
import { type AccountsNode, AccountsTree } from './accountsTree';
import { connectionCommands } from './connectionCommands';
import { embedCommand } from './embedCommand';
import type { Prompts } from './prompts';
import { createActiveAccountStatus } from './statusBar';

export interface AccountsDeps {
  store: AccountStore;
  log: Logger;
  /** Returns the prompts to use (tests swap in scripted ones). */
  prompts: () => Prompts;
  /** The workspace's environment variable mappings, shown on the accounts that feed them. */
  envNames: EnvMappingStore;
}

/** What the feature hands back: the tree (for tests) and the add flow (for the "save as account" quick fix). */
export interface AccountsFeature {
  tree: AccountsTree;
  addAccount: (prefill?: AccountPrefill) => Promise<Account | undefined>;
  /** The account an item-or-palette command is about: the clicked item, or a pick. */
  target: (arg: unknown, placeholder: string) => Promise<Account | undefined>;
}

/** Accounts view, status bar item and the account commands. */
export function registerAccounts(context: vscode.ExtensionContext, deps: AccountsDeps): AccountsFeature {
  const { store, log } = deps;
  const tree = new AccountsTree(store, (id) =>
    deps.envNames
      .read()
      .mappings.filter((m) => m.accountId === id)
      .map((m) => m.name),
  );
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
  context.subscriptions.push(
    store.onDidChange(syncContext),
    deps.envNames.onDidChange(() => tree.refresh()),
  );
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
    return pickAccount(store, deps.prompts(), 'Payment API Accounts', placeholder);
  };

  registerCommands(context, log, {
    ...accountCommands({ store, log, prompts: deps.prompts, target }),
    ...connectionCommands(store, log, tree, target),
    ...embedCommand({ store, log, prompts: deps.prompts, target }),
    [Commands.selectActiveAccount]: async (arg: unknown) => {
      const a = accountIdOf(arg)
        ? await target(arg, '')
        : await pickAccount(
            store,
            deps.prompts(),
            'Active Payment API Account',
            'Used by the status bar, the JWT inspector and quick fixes',
          );
      if (a) await store.setActive(a.id);
    },
  });
  return { tree, target, addAccount: (prefill) => addAccount(store, log, deps.prompts(), prefill) };
}

/** A quick pick of every account: its name, provider, environment, and whether it is the active one. */
function pickAccount(store: AccountStore, prompts: Prompts, title: string, placeholder: string) {
  const active = store.activeId();
  const items = store.list().map((a) => ({
    label: a.label,
    description: `${providerOfAccount(a).displayName} · ${a.environment}${a.id === active ? ' · active' : ''}`,
    value: a,
  }));
  return prompts.pick(items, { title, placeholder });
}

/** An account id from a command argument: a tree node, an id string, or a decorated URI. */
function accountIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const n = arg as Partial<AccountsNode>;
    if (n.kind === 'account' && n.account) return n.account.id;
    if (arg instanceof vscode.Uri && arg.scheme === ACCOUNT_URI_SCHEME) return arg.path.slice(1);
  }
  return undefined;
}
