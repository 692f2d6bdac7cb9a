import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { SecretStore } from '../../core/secretStore';
import { Commands } from '../../ids';

// Placeholder until the accounts feature lands (issue 3).
export function registerAccounts(context: vscode.ExtensionContext, deps: { secretStore: SecretStore; log: Logger }): void {
  void deps;
  context.subscriptions.push(vscode.commands.registerCommand(Commands.addAccount, async () => {
    await vscode.window.showQuickPick(['Helcim', 'Gr4vy'], { title: 'Add Payment API Account' });
  }));
}
