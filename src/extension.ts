import * as vscode from 'vscode';
import { describeError } from './core/errors';
import { TOOL_VERSION } from './core/version';
import { registerAccounts } from './features/accounts/registerAccounts';
import { registerLog } from './features/log/registerLog';
import { LOG_CHANNEL_NAME } from './ids';
import { ChannelLogger } from './host/logger';
import { VsCodeSecretStore } from './host/secretStore';

/** What activate() returns, only when VS Code runs the extension's own tests (never to other extensions). */
export interface TestApi {
  secretStore: VsCodeSecretStore;
  context: vscode.ExtensionContext;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  try {
    const secretStore = new VsCodeSecretStore(context.secrets);
    const log = new ChannelLogger(channel);
    registerLog(context, { channel });
    registerAccounts(context, { secretStore, log });
    log.info(`Payment API Toolkit ${TOOL_VERSION} activated`);
    // The secret store is handed out only to our own test run: any extension can read another's exports.
    return context.extensionMode === vscode.ExtensionMode.Test ? { secretStore, context } : undefined;
  } catch (e) {
    channel.error(`Activation failed: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`Payment API Toolkit failed to start: ${describeError(e)}`);
    throw e;
  }
}

export function deactivate(): void {}
