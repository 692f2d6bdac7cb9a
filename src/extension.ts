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
import { type RuntimeEnvFeature, registerRuntimeEnv } from './features/runtimeEnv/registerRuntimeEnv';
import { type WebhooksFeature, registerWebhooks } from './features/webhooks/registerWebhooks';
import { type RequestsFeature, registerRequests } from './features/requests/registerRequests';
import { type WalkthroughFeature, registerWalkthrough } from './features/walkthrough/registerWalkthrough';
import { type DemoFeature, registerDemo } from './features/demo/registerDemo';
import { LOG_CHANNEL_NAME } from './ids';
import { registerProvider } from './core/providers/registry';
import type { ProviderSpec } from './core/providers/types';
import { EnvMappingStore } from './core/runtimeEnv/mappings';
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
  runtimeEnv: RuntimeEnvFeature;
  envMappings: EnvMappingStore;
  webhooks: WebhooksFeature;
  requests: RequestsFeature;
  walkthrough: WalkthroughFeature;
  demo: DemoFeature;
  /** Replaces the quick picks and input boxes with scripted answers; undefined restores them. */
  setPrompts(prompts: Prompts | undefined): void;
  /**
   * Adds a provider to the extension's own registry (the test bundle has a copy of the registry
   * module, so a fake provider must be registered here). Returns the function that removes it.
   */
  registerProvider(spec: ProviderSpec): () => void;
}

export function activate(context: vscode.ExtensionContext): TestApi | undefined {
  const channel = vscode.window.createOutputChannel(LOG_CHANNEL_NAME, { log: true });
  context.subscriptions.push(channel);
  try {
    const secretStore = new VsCodeSecretStore(context.secrets);
    const accounts = new AccountStore(context.globalState, context.workspaceState, secretStore);
    const log = new ChannelLogger(channel, () => accounts.knownSecrets());
    let prompts: Prompts = vscodePrompts;
    const envMappings = new EnvMappingStore(context.workspaceState);
    registerLog(context, { channel, log });
    const accountsFeature = registerAccounts(context, {
      store: accounts,
      log,
      prompts: () => prompts,
      envNames: envMappings,
    });
    const inspector = registerInspector(context, { store: accounts, log });
    registerJwtHover(context);
    const runtimeEnv = registerRuntimeEnv(context, {
      store: accounts,
      mappings: envMappings,
      log,
      prompts: () => prompts,
    });
    const secretLint = registerSecretLint(context, {
      store: accounts,
      log,
      addAccount: accountsFeature.addAccount,
      prompts: () => prompts,
      feedEnv: (account, wanted) => runtimeEnv.feed(account, wanted),
    });
    const webhooks = registerWebhooks(context, {
      store: accounts,
      log,
      prompts: () => prompts,
      target: accountsFeature.target,
    });
    const requests = registerRequests(context, { store: accounts, log, prompts: () => prompts });
    const walkthrough = registerWalkthrough(context, { log });
    const demo = registerDemo(context, { store: accounts, secrets: secretStore, log });
    log.info(`Payment API Toolkit ${TOOL_VERSION} activated`);
    void walkthrough.openOnFirstRun();
    // Handed out only to our own test run: any extension can read another extension's exports.
    if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
    return {
      secretStore,
      context,
      accounts,
      accountsFeature,
      inspector,
      secretLint,
      runtimeEnv,
      envMappings,
      webhooks,
      requests,
      walkthrough,
      demo,
      setPrompts: (p) => {
        prompts = p ?? vscodePrompts;
      },
      registerProvider,
    };
  } catch (e) {
    channel.error(`Activation failed: ${describeError(e)}`);
    void vscode.window.showErrorMessage(`Payment API Toolkit failed to start: ${describeError(e)}`);
    throw e;
  }
}

export function deactivate(): void {}
