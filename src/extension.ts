import * as vscode from 'vscode';
import { describeError } from './core/errors';
import { TOOL_VERSION } from './core/version';
import { AccountStore } from './core/accounts/store';
import { type AccountsFeature, registerAccounts } from './features/accounts/registerAccounts';
import { type Prompts, vscodePrompts } from './features/accounts/prompts';
import { type InspectorFeature, registerInspector } from './features/inspector/registerInspector';
import { registerJwtHover } from './features/jwtHover/registerJwtHover';
import { registerLog } from './features/log/registerLog';
import { type SecretLintFeature, registerSecretLint } from './features/secretLint/registerSecretLint';
import { LOG_CHANNEL_NAME } from './ids';
import { ChannelLogger } from './host/logger';
import { VsCodeSecretStore } from './host/secretStore';

/** What activate() returns, only when VS Code runs the extension's own tests (never to other extensions). */
export interface TestApi {
  secretStore: VsCodeSecretStore;
  context: vscode.ExtensionContext;
  accounts: AccountStore;
  accountsFeature: AccountsFeature;
  inspector: InspectorFeature;
  secretLint: SecretLintFeature;
  /** Replaces the quick picks and input boxes with scripted answers; undefined restores them. */
  setPrompts(prompts: Prompts | undefined): void;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  try {
    const secretStore = new VsCodeSecretStore(context.secrets);
    const accounts = new AccountStore(context.globalState, context.workspaceState, secretStore);
    const log = new ChannelLogger(channel, () => accounts.knownSecrets());
    let prompts: Prompts = vscodePrompts;
    registerLog(context, { channel, log });
    const accountsFeature = registerAccounts(context, { store: accounts, log, prompts: () => prompts });
    const inspector = registerInspector(context, { store: accounts, log });
    registerJwtHover(context);
    const secretLint = registerSecretLint(context, {
      store: accounts,
      log,
      addAccount: accountsFeature.addAccount,
      prompts: () => prompts,
    });
    log.info(`Payment API Toolkit ${TOOL_VERSION} activated`);
    // Handed out only to our own test run: any extension can read another extension's exports.
    if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
    return {
      secretStore,
      context,
      accounts,
      accountsFeature,
      inspector,
      secretLint,
      setPrompts: (p) => {
        prompts = p ?? vscodePrompts;
      },
    };
  } catch (e) {
    channel.error(`Activation failed: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`Payment API Toolkit failed to start: ${describeError(e)}`);
    throw e;
  }
}

export function deactivate(): void {}
