import * as vscode from 'vscode';
import type { Account } from '../../core/providers/accountTypes';
import type { Logger } from '../../core/logger';
import { providerForRule } from '../../core/providers/registry';
import type { AccountPrefill } from '../accounts/accountCommands';

/**
 * Saves the secret at `range` as an account through the Add Account flow (provider and secret
 * prefilled, everything else asked and validated as usual), for secrets that are not a quoted
 * literal (those get "read it from the environment"). Returns the new account's id.
 */
export async function moveToAccount(
  uri: vscode.Uri,
  range: vscode.Range,
  ruleId: string,
  deps: { log: Logger; addAccount: (prefill: AccountPrefill) => Promise<Account | undefined> },
): Promise<string | undefined> {
  const provider = providerForRule(ruleId);
  if (!provider) return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const account = await deps.addAccount({ provider: provider.id, secret: doc.getText(range) });
  if (!account) return undefined;
  deps.log.info(
    `Saved a ${ruleId} secret from ${vscode.workspace.asRelativePath(uri)} as ${provider.displayName} account ` +
      `"${account.label}"`,
  );
  void vscode.window.showInformationMessage(
    `Saved as the ${provider.displayName} account “${account.label}”. Now remove the secret from this file, ` +
      'and rotate it if it was ever committed.',
  );
  return account.id;
}
