import * as vscode from 'vscode';
import { mapLimited } from '../../core/async';
import { testAccount } from '../../core/accounts/connectionTest';
import type { AccountStore } from '../../core/accounts/store';
import type { Account, ConnectionResult } from '../../core/providers/accountTypes';
import type { Logger } from '../../core/logger';
import { isAuthFailure } from '../../core/providers/outcome';
import { maskedIdentity, providerOfAccount } from '../../core/providers/registry';
import { type CommandHandler, abortSignalOf } from '../../host/commands';
import { readConnectionSettings } from '../../host/config';
import { Commands } from '../../ids';
import type { AccountsTree } from './accountsTree';

/** How many accounts "Test All" tests at once. */
const TEST_ALL_CONCURRENCY = 3;

/** "Test Connection" and "Test All Connections": progress, the tree's spinner, the log and a notification. */
export function connectionCommands(
  store: AccountStore,
  log: Logger,
  tree: AccountsTree,
  target: (arg: unknown, placeholder: string) => Promise<Account | undefined>,
): Record<string, CommandHandler> {
  const logResult = async (a: Account, r: ConnectionResult) => {
    const secret = await store.readSecret(a.id).catch(() => undefined);
    const spec = providerOfAccount(a);
    const http = `${r.status ? `, HTTP ${r.status}` : ''}${r.latencyMs !== undefined ? `, ${r.latencyMs} ms` : ''}`;
    const who = `${spec.displayName} "${a.label}" (${a.environment}, ${maskedIdentity(a, secret)})`;
    const line = `Test ${who}: ${r.outcome}${http}: ${r.message}`;
    if (r.ok) log.info(line);
    else log.warn(r.advice ? `${line} | ${r.advice}` : line);
  };

  const runTest = async (a: Account, signal?: AbortSignal): Promise<ConnectionResult> => {
    const { settings, problems } = readConnectionSettings();
    for (const p of problems) log.warn(`Setting ignored: ${p}`);
    tree.setTesting(a.id, true);
    try {
      const r = await testAccount(store, a, settings, signal);
      await logResult(a, r);
      return r;
    } finally {
      tree.setTesting(a.id, false);
    }
  };

  const notify = (a: Account, r: ConnectionResult) => {
    if (r.ok) {
      void vscode.window.showInformationMessage(`“${a.label}”: ${r.message}.`);
      return;
    }
    if (r.outcome === 'cancelled') return;
    const actions = isAuthFailure(r.outcome) ? ['Replace Secret', 'Open Dashboard', 'Show Log'] : ['Show Log'];
    const name = `${providerOfAccount(a).displayName} “${a.label}”`;
    void vscode.window
      .showErrorMessage(`${name}: ${r.message}.${r.advice ? ` ${r.advice}` : ''}`, ...actions)
      .then((choice) => {
        if (choice === 'Replace Secret') void vscode.commands.executeCommand(Commands.replaceSecret, a.id);
        else if (choice === 'Open Dashboard') void vscode.commands.executeCommand(Commands.openDashboard, a.id);
        else if (choice === 'Show Log') void vscode.commands.executeCommand(Commands.showLog);
      });
  };

  const testOne = async (arg: unknown) => {
    const a = await target(arg, 'Test which account?');
    if (!a) return undefined;
    const title = `Testing ${providerOfAccount(a).displayName} “${a.label}”…`;
    const r = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_p, token) => runTest(a, abortSignalOf(token)),
    );
    notify(a, r);
    return r;
  };

  const testAll = async () => {
    const accounts = store.list();
    if (accounts.length === 0) return [];
    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Testing payment API accounts', cancellable: true },
      async (progress, token) => {
        let done = 0;
        const signal = abortSignalOf(token);
        return mapLimited(
          accounts,
          TEST_ALL_CONCURRENCY,
          async (a) => {
            const r = await runTest(a, signal);
            progress.report({ increment: 100 / accounts.length, message: `${++done} of ${accounts.length}` });
            return r;
          },
          signal,
        );
      },
    );
    const tested = results.filter((r): r is ConnectionResult => r !== undefined && r.outcome !== 'cancelled');
    const failed = tested.filter((r) => !r.ok).length;
    const untested = accounts.length - tested.length;
    const summary =
      `${tested.length - failed} of ${accounts.length} accounts connected` +
      `${failed ? `, ${failed} failed` : ''}${untested ? `, ${untested} not tested (cancelled)` : ''}.`;
    if (failed) {
      void vscode.window
        .showWarningMessage(summary, 'Show Log')
        .then((c) => c && vscode.commands.executeCommand(Commands.showLog));
    } else {
      void vscode.window.showInformationMessage(summary);
    }
    return results;
  };

  return { [Commands.testConnection]: testOne, [Commands.testAllConnections]: testAll };
}
