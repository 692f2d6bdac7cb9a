import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account } from '../../core/providers/accountTypes';
import type { Logger } from '../../core/logger';
import { registerCommands } from '../../host/commands';
import { GitIgnoreCache } from '../../host/gitAccess';
import { TextScanner } from '../../core/scanner/textScanner';
import { Commands, Settings } from '../../ids';
import type { AccountPrefill } from '../accounts/accountCommands';
import type { Prompts } from '../accounts/prompts';
import { SecretFixes } from './codeActions';
import { DiagnosticFactory } from './diagnostics';
import { fixWithEnv } from './envFix';
import { useEnvFromAccount } from './envFromAccount';
import { BaselineStore } from './baselineStore';
import { LeakResponse } from './leakResponse';
import { KnownSecrets } from './knownSecrets';
import { LiveLinter } from './liveLint';
import { moveToAccount } from './moveToAccount';
import { scanWorkspace } from './workspaceScan';

export interface SecretLintDeps {
  store: AccountStore;
  log: Logger;
  /** The Add Account flow, for the "save as account" quick fix. */
  addAccount: (prefill: AccountPrefill) => Promise<Account | undefined>;
  /** The questions the leak response asks (tests swap in scripted ones). */
  prompts: () => Prompts;
  /** Feeds an environment variable from an account (secrets at run time); the name used. */
  feedEnv: (account: Account, wanted: string) => Promise<string | undefined>;
}

export interface SecretLintFeature {
  collection: vscode.DiagnosticCollection;
  leaks: LeakResponse;
  /** Resolves when every scheduled lint has run (tests). */
  idle(): Promise<void>;
}

/** Secret-leak diagnostics as you type, quick fixes, and "Scan Workspace for Secrets". */
export function registerSecretLint(context: vscode.ExtensionContext, deps: SecretLintDeps): SecretLintFeature {
  const collection = vscode.languages.createDiagnosticCollection('paymentApiSecrets');
  const diagnostics = new DiagnosticFactory(context.extensionUri);
  const gitIgnore = new GitIgnoreCache();
  // Each needs the other: the linter reads the known secrets, which re-lint everything when they change.
  const relintAll = () => live.relintAll();
  const baseline = new BaselineStore(deps.log, relintAll);
  const leaks = new LeakResponse({ log: deps.log, prompts: deps.prompts, baseline, onVerdict: relintAll });
  const judge = (uri: vscode.Uri, ruleId: string, secret: string) => ({
    baselined: baseline.accepts(uri, ruleId, secret),
    live: leaks.verdictFor(ruleId, secret),
  });
  // Live linting scans on a worker thread with a time budget: no document can block the host.
  const scanner = new TextScanner({
    workerScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'textScanWorker.js').fsPath,
  });
  const live = new LiveLinter(collection, diagnostics, gitIgnore, scanner, () => known.current, deps.log, judge);
  const known = new KnownSecrets(deps.store, relintAll);
  const storedAccountOf = (secret: string) => {
    const id = known.current.find((k) => k.accountId && k.value === secret.trim())?.accountId;
    return id ? deps.store.get(id) : undefined;
  };

  context.subscriptions.push(
    collection,
    { dispose: () => scanner.dispose() },
    ...live.watch(),
    ...known.watch(context.secrets),
    ...baseline.watch(),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (!d.uri.path.endsWith('/.gitignore')) return;
      gitIgnore.clear();
      live.relintAll();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.section)) live.relintAll();
    }),
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: 'file' }, { scheme: 'untitled' }],
      new SecretFixes(storedAccountOf, (uri) => live.contextOf(uri)),
      {
        providedCodeActionKinds: SecretFixes.kinds,
      },
    ),
  );
  registerCommands(context, deps.log, {
    [Commands.internalFixWithEnv]: (uri, range, ruleId) =>
      fixWithEnv(uri as vscode.Uri, range as vscode.Range, String(ruleId), deps.log),
    [Commands.internalMoveToAccount]: (uri, range, ruleId) =>
      moveToAccount(uri as vscode.Uri, range as vscode.Range, String(ruleId), deps),
    [Commands.internalUseEnvFromAccount]: (uri, range, ruleId) =>
      useEnvFromAccount(uri as vscode.Uri, range as vscode.Range, String(ruleId), {
        log: deps.log,
        storedAccountOf,
        addAccount: deps.addAccount,
        feed: deps.feedEnv,
      }),
    [Commands.internalAcceptFinding]: async (uri, range, ruleId) => {
      const doc = await vscode.workspace.openTextDocument(uri as vscode.Uri);
      return baseline.accept(doc.uri, String(ruleId), doc.getText(range as vscode.Range));
    },
    [Commands.internalCheckLive]: (uri, range, ruleId) =>
      leaks.checkLive(uri as vscode.Uri, range as vscode.Range, String(ruleId)),
    [Commands.internalRespondToLeak]: (uri, range, ruleId) =>
      leaks.respond(uri as vscode.Uri, range as vscode.Range, String(ruleId)),
    [Commands.scanWorkspace]: () =>
      scanWorkspace({
        collection,
        diagnostics,
        known: () => known.current,
        isOpen: (uri) => live.isOpen(uri),
        baseline,
        workerScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'scanWorker.js').fsPath,
        log: deps.log,
      }),
  });
  return { collection, leaks, idle: () => live.idle() };
}
