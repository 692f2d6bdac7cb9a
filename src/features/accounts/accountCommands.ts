import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account, ProviderId } from '../../core/providers/accountTypes';
import { validateLabel } from '../../core/accounts/validate';
import type { Logger } from '../../core/logger';
import { mask } from '../../core/mask';
import { maskedCurl } from '../../core/providers/links';
import { providerOfAccount } from '../../core/providers/registry';
import type { CommandHandler } from '../../host/commands';
import { readConnectionSettings, requestOptionsFor } from '../../host/config';
import { Commands } from '../../ids';
import { askSecret, collectAccountDraft, validator } from './addAccountFlow';
import type { Prompts } from './prompts';

/** A provider and secret the add flow starts from (a secret found in a file). */
export interface AccountPrefill {
  provider: ProviderId;
  secret: string;
}

/**
 * The add-account flow, from the palette or with a prefilled provider and secret. Stores the
 * account and returns it, or undefined when the user cancelled.
 */
export async function addAccount(
  store: AccountStore,
  log: Logger,
  prompts: Prompts,
  prefill?: AccountPrefill,
): Promise<Account | undefined> {
  const draft = await collectAccountDraft(prompts, store, prefill, requestOptionsFor);
  if (!draft) return undefined;
  const { account, summary } = await store.add(draft);
  const spec = providerOfAccount(account);
  log.info(
    `Added ${spec.displayName} account "${account.label}" (${account.environment}, ${account.scope}): ${summary}`,
  );
  if (!store.activeId()) await store.setActive(account.id);
  void vscode.window
    .showInformationMessage(
      `Added ${spec.displayName} account “${account.label}” (${account.environment}): ${summary}.`,
      'Test Connection',
    )
    .then((c) => {
      if (c) void vscode.commands.executeCommand(Commands.testConnection, account.id);
    });
  return account;
}

/** What the account commands work with: the store, the log, the prompts, and how to pick an account. */
export interface AccountCommandDeps {
  store: AccountStore;
  log: Logger;
  prompts: () => Prompts;
  /** The account a command is about: the clicked item, or a pick (`placeholder` asks which). */
  target: (arg: unknown, placeholder: string) => Promise<Account | undefined>;
}

/** Add, rename, rotate, copy, dashboard, remove and select: the account commands that are not tests. */
export function accountCommands({ store, log, prompts, target }: AccountCommandDeps): Record<string, CommandHandler> {
  const withAccount =
    (placeholder: string, run: (a: Account) => Promise<unknown>): CommandHandler =>
    async (arg) => {
      const a = await target(arg, placeholder);
      return a ? run(a) : undefined;
    };

  return {
    [Commands.addAccount]: async () => (await addAccount(store, log, prompts()))?.id,
    [Commands.refreshAccounts]: () => store.fire(),
    [Commands.renameAccount]: withAccount('Rename which account?', async (a) => {
      const label = await prompts().input({
        title: `Rename “${a.label}”`,
        prompt: 'New name',
        value: a.label,
        validate: validator(validateLabel),
      });
      if (label === undefined || label.trim() === a.label) return;
      await store.rename(a.id, label);
      log.info(`Renamed "${a.label}" to "${label.trim()}"`);
    }),
    [Commands.replaceSecret]: withAccount('Replace the secret of which account?', async (a) => {
      const spec = providerOfAccount(a);
      const secret = await askSecret(prompts(), a.provider, `Replace the ${spec.secretNoun} of “${a.label}”`);
      if (secret === undefined) return;
      const { summary } = await store.replaceSecret(a.id, secret);
      log.info(`Replaced the secret of ${spec.displayName} "${a.label}": now ${summary}`);
      void vscode.window
        .showInformationMessage(`Replaced the secret of “${a.label}”: now ${summary}.`, 'Test Connection')
        .then((c) => {
          if (c) void vscode.commands.executeCommand(Commands.testConnection, a.id);
        });
    }),
    [Commands.copyMaskedSecret]: withAccount('Copy the masked secret of which account?', async (a) => {
      const spec = providerOfAccount(a);
      const id = spec.publicId(a);
      const text = id ? `${id.name} ${id.value}` : mask(await store.readSecret(a.id));
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(
        id
          ? `Copied the key id (${text}); the ${spec.secretNoun} itself is never copied.`
          : `Copied the masked ${spec.secretNoun} (${text}).`,
      );
    }),
    [Commands.copyCurlCommand]: withAccount('Copy a curl command for which account?', async (a) => {
      const { settings } = readConnectionSettings();
      const masked = providerOfAccount(a).publicId(a) ? '' : mask(await store.readSecret(a.id));
      await vscode.env.clipboard.writeText(maskedCurl(a, masked, settings.baseUrls[a.provider]));
      void vscode.window.showInformationMessage('Copied a curl command with the secret masked, for support tickets.');
    }),
    [Commands.openDashboard]: withAccount('Open the dashboard of which account?', async (a) => {
      const { url, where } = providerOfAccount(a).dashboard(a);
      await vscode.env.openExternal(vscode.Uri.parse(url));
      void vscode.window.showInformationMessage(`To disable or regenerate a compromised credential, go to ${where}.`);
    }),
    [Commands.removeAccount]: async (arg) => {
      const a = await target(arg, 'Remove which account?');
      if (!a) return false;
      const spec = providerOfAccount(a);
      const ok = await prompts().confirm(
        `Remove the ${spec.displayName} account “${a.label}”?`,
        `Its ${spec.secretNoun} is deleted from VS Code's secret storage. This does not revoke it at ` +
          `${spec.displayName}: use "Open Provider Dashboard" for that.`,
        'Remove',
      );
      if (!ok) return false;
      await store.remove(a.id);
      log.info(`Removed ${spec.displayName} account "${a.label}"`);
      return true;
    },
  };
}
