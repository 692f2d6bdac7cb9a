import path from 'node:path';
import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { type DemoOutcome, syncDemoAccounts } from '../../core/demo/demoAccounts';
import { readDemo } from '../../core/demo/demoFile';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { SecretStore } from '../../core/secretStore';
import { runModeOf } from '../../host/runMode';
import { Views } from '../../ids';

export interface DemoDeps {
  store: AccountStore;
  secrets: SecretStore;
  log: Logger;
}

/** What the feature hands back (for tests): the activation's own run, to be made again. */
export interface DemoFeature {
  /** Reads the mode and the environment again and syncs the demo accounts, as activation does. */
  run(): Promise<DemoOutcome>;
}

/**
 * `npm start`'s demo accounts: made when the extension runs in development mode and the launcher
 * set its variable, removed on any other launch (see core/demo). Runs once at activation, off its
 * path; the first time in a run it also lays out the first screen.
 */
export function registerDemo(context: vscode.ExtensionContext, deps: DemoDeps): DemoFeature {
  const run = async (): Promise<DemoOutcome> => {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const read = readDemo({ mode: runModeOf(context.extensionMode), env: process.env, workspaceFolders: folders });
    const outcome = await syncDemoAccounts(read, {
      store: deps.store,
      state: context.globalState,
      secrets: deps.secrets,
    });
    if ('removed' in outcome && outcome.removed)
      deps.log.info(`Removed ${outcome.removed} demo account(s) left by an earlier \`npm start\``);
    if (outcome.kind === 'refused') deps.log.warn(`No demo accounts: ${outcome.reason}`);
    if (outcome.kind === 'created') {
      deps.log.info(`Added ${outcome.accounts.map((a) => `“${a.label}”`).join(' and ')} for this \`npm start\` run`);
      await showFirstScreen(outcome.demo.open, folders[0]).catch((e: unknown) =>
        deps.log.warn(`The demo's first screen could not be laid out: ${describeError(e)}`),
      );
    }
    return outcome;
  };
  void run().catch((e: unknown) => deps.log.error(`The demo accounts could not be made: ${describeError(e)}`));
  return { run };
}

/** The leaky file, the `.http` file beside it, the Problems panel below and the Accounts view. */
async function showFirstScreen(open: readonly string[], folder: string | undefined): Promise<void> {
  if (!folder) return;
  let column = vscode.ViewColumn.One;
  for (const rel of open) {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, rel)));
    await vscode.window.showTextDocument(doc, { viewColumn: column, preview: false, preserveFocus: true });
    column = vscode.ViewColumn.Beside;
  }
  await vscode.commands.executeCommand('workbench.panel.markers.view.focus');
  await vscode.commands.executeCommand(`${Views.accounts}.focus`);
}
