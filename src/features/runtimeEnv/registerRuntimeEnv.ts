import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account } from '../../core/providers/accountTypes';
import type { Logger } from '../../core/logger';
import type { EnvMappingStore } from '../../core/runtimeEnv/mappings';
import { registerCommands } from '../../host/commands';
import { createStatusItem } from '../../host/statusItem';
import { Commands } from '../../ids';
import type { Prompts } from '../accounts/prompts';
import { type EnvCommandDeps, envCommands, feedFromAccount, freeName } from './envCommands';
import { SecretInjector } from './injector';

export interface RuntimeEnvDeps {
  store: AccountStore;
  mappings: EnvMappingStore;
  log: Logger;
  prompts: () => Prompts;
}

export interface RuntimeEnvFeature {
  injector: SecretInjector;
  /**
   * Feeds a variable named like `wanted` from the account's secret (a free name is chosen if
   * `wanted` feeds something else); returns the name, or undefined when the user declined.
   */
  feed(account: Account, wanted: string): Promise<string | undefined>;
}

/** Secrets at run time: terminals, tasks and debug sessions get mapped variables from secret storage. */
export function registerRuntimeEnv(context: vscode.ExtensionContext, deps: RuntimeEnvDeps): RuntimeEnvFeature {
  const injector = new SecretInjector(context.environmentVariableCollection, deps.mappings, deps.store, deps.log);
  const cmdDeps: EnvCommandDeps = { ...deps, injector };
  const commands = envCommands(cmdDeps);
  const apply = () => void injector.apply();
  context.subscriptions.push(
    injector,
    deps.mappings.onDidChange(apply),
    deps.store.onDidChange(apply),
    context.secrets.onDidChange(apply),
    vscode.workspace.onDidGrantWorkspaceTrust(apply),
    vscode.debug.registerDebugConfigurationProvider('*', injector.debugProvider()),
    createInjectionStatus(injector, deps.mappings),
  );
  registerCommands(context, deps.log, {
    [Commands.mapEnvVariable]: (arg) => commands.mapVariable(arg),
    [Commands.changeEnvMapping]: () => commands.changeMapping(),
    [Commands.removeEnvMapping]: () => commands.removeMapping(),
    [Commands.disableSecretInjection]: () => commands.setEnabled(false),
    [Commands.enableSecretInjection]: () => commands.setEnabled(true),
    [Commands.secretInjectionMenu]: async () => {
      const enabled = deps.mappings.read().enabled;
      const choice = await deps
        .prompts()
        .pick(
          [
            enabled
              ? { label: '$(debug-stop) Turn Injection Off', value: Commands.disableSecretInjection }
              : { label: '$(play) Turn Injection On', value: Commands.enableSecretInjection },
            { label: '$(add) Feed a Variable from an Account…', value: Commands.mapEnvVariable },
            { label: '$(edit) Change a Variable’s Account…', value: Commands.changeEnvMapping },
            { label: '$(remove) Stop Feeding a Variable…', value: Commands.removeEnvMapping },
          ],
          { title: 'Secrets at Run Time', placeholder: 'Terminals and debug sessions of this workspace' },
        );
      if (choice) await vscode.commands.executeCommand(choice);
    },
  });
  apply();
  return {
    injector,
    feed: (account, wanted) =>
      feedFromAccount(cmdDeps, account, freeName(deps.mappings.read().mappings, wanted, account.id, 'secret'), {
        offerCompanions: false,
      }),
  };
}

/** "$(key) 2 secrets injected": shown while any variable is mapped; a click offers to turn injection off. */
function createInjectionStatus(injector: SecretInjector, mappings: EnvMappingStore): vscode.Disposable {
  return createStatusItem(
    {
      id: 'paymentApi.secretInjection',
      name: 'Payment API: Secrets at Run Time',
      command: Commands.secretInjectionMenu,
      priority: 49,
    },
    (update) => [injector.onDidApply(update), mappings.onDidChange(update)],
    () => {
      const state = mappings.read();
      if (!state.mappings.length) return undefined;
      const r = injector.current;
      const n = r.secretNames.length;
      const lines = [
        state.enabled
          ? `Terminals and debug sessions of this workspace get: ${Object.keys(r.values).join(', ') || 'nothing'}.`
          : 'Injection is off in this workspace.',
        ...r.skipped.map((s) => `Left out: ${s.name} (${s.why}).`),
        !vscode.workspace.isTrusted ? 'This workspace is not trusted: nothing is injected.' : '',
        'Values come from secret storage and stay in memory. Click to turn injection off or change the variables.',
      ];
      const skipped = r.skipped.length ? ` $(warning) ${r.skipped.length}` : '';
      return {
        text: state.enabled ? `$(key) ${n} secret${n === 1 ? '' : 's'} injected${skipped}` : '$(key) injection off',
        tooltip: lines.filter(Boolean).join('\n'),
        backgroundColor: r.skipped.length ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined,
      };
    },
  );
}
