import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account } from '../../core/accounts/types';
import type { Logger } from '../../core/logger';
import { registerCommands } from '../../host/commands';
import { Commands, Settings } from '../../ids';
import type { AccountPrefill } from '../accounts/accountCommands';
import { SecretFixes } from './codeActions';
import { DiagnosticFactory } from './diagnostics';
import { fixWithEnv } from './envFix';
import { GitIgnoreCache } from './gitIgnore';
import { KnownSecrets } from './knownSecrets';
import { LiveLinter } from './liveLint';
import { moveToAccount } from './moveToAccount';
import { scanWorkspace } from './workspaceScan';

export interface SecretLintDeps {
  store: AccountStore;
  log: Logger;
  /** The Add Account flow, for the "save as account" quick fix. */
  addAccount: (prefill: AccountPrefill) => Promise<Account | undefined>;
}

export interface SecretLintFeature {
  collection: vscode.DiagnosticCollection;
  /** Resolves when every scheduled lint has run (tests). */
  idle(): Promise<void>;
}

/** Secret-leak diagnostics as you type, quick fixes, and "Scan Workspace for Secrets". */
export function registerSecretLint(context: vscode.ExtensionContext, deps: SecretLintDeps): SecretLintFeature {
  const collection = vscode.languages.createDiagnosticCollection('paymentApiSecrets');
  const diagnostics = new DiagnosticFactory(context.extensionUri);
  const gitIgnore = new GitIgnoreCache();
  // Each needs the other: the linter reads the known secrets, which re-lint everything when they change.
  const live = new LiveLinter(collection, diagnostics, gitIgnore, () => known.current, deps.log);
  const known = new KnownSecrets(deps.store, () => live.relintAll());

  context.subscriptions.push(
    collection,
    ...live.watch(),
    ...known.watch(context.secrets),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (!d.uri.path.endsWith('/.gitignore')) return;
      gitIgnore.clear();
      live.relintAll();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.section)) live.relintAll();
    }),
    vscode.languages.registerCodeActionsProvider([{ scheme: 'file' }, { scheme: 'untitled' }], new SecretFixes(), {
      providedCodeActionKinds: SecretFixes.kinds,
    }),
  );
  registerCommands(context, deps.log, {
    [Commands.internalFixWithEnv]: (uri, range, ruleId) =>
      fixWithEnv(uri as vscode.Uri, range as vscode.Range, String(ruleId), deps.log),
    [Commands.internalMoveToAccount]: (uri, range, ruleId) =>
      moveToAccount(uri as vscode.Uri, range as vscode.Range, String(ruleId), deps),
    [Commands.scanWorkspace]: () =>
      scanWorkspace({
        collection,
        diagnostics,
        known: () => known.current,
        isOpen: (uri) => live.isOpen(uri),
        workerScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'scanWorker.js').fsPath,
        log: deps.log,
      }),
  });
  return { collection, idle: () => live.idle() };
}
