import * as vscode from 'vscode';
import type { Account } from '../../core/providers/accountTypes';
import type { Logger } from '../../core/logger';
import { providerForRule, providerOfAccount } from '../../core/providers/registry';
import { envLookup, envNameFor, quotedSpan } from '../../core/scanner/fixes';
import type { AccountPrefill } from '../accounts/accountCommands';

export interface EnvFromAccountDeps {
  log: Logger;
  /** The account whose stored secret is this text, if any. */
  storedAccountOf: (secret: string) => Account | undefined;
  addAccount: (prefill: AccountPrefill) => Promise<Account | undefined>;
  /** Feeds a variable named like the given one from the account; the name used, or undefined if declined. */
  feed: (account: Account, wanted: string) => Promise<string | undefined>;
}

/** Whether the finding can become an env lookup whose value a stored account supplies. */
export function canUseEnvFromAccount(doc: vscode.TextDocument, range: vscode.Range, ruleId: string): boolean {
  const text = doc.getText();
  return (
    (ruleId === 'known-secret' || providerForRule(ruleId) !== undefined) &&
    quotedSpan(text, doc.offsetAt(range.start), doc.offsetAt(range.end)) !== undefined &&
    envLookup(doc.languageId, envNameFor(ruleId)) !== undefined
  );
}

/**
 * The fix that leaves the secret in no file: the value becomes (or already is) a stored account,
 * the literal becomes the language's environment lookup, and the variable is fed to terminals and
 * debug sessions from secret storage. The document is saved, so the old text is gone from disk.
 */
export async function useEnvFromAccount(
  uri: vscode.Uri,
  range: vscode.Range,
  ruleId: string,
  deps: EnvFromAccountDeps,
): Promise<string | undefined> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const secret = doc.getText(range);
  let account = deps.storedAccountOf(secret);
  const provider = providerForRule(ruleId);
  if (!account && provider) account = await deps.addAccount({ provider: provider.id, secret });
  if (!account) return undefined;
  const name = await deps.feed(account, providerOfAccount(account).envVar);
  if (!name) return undefined;
  const span = quotedSpan(doc.getText(), doc.offsetAt(range.start), doc.offsetAt(range.end));
  const lookup = envLookup(doc.languageId, name);
  if (!span || !lookup || doc.getText(range) !== secret) {
    void vscode.window.showErrorMessage('The file changed meanwhile; try the fix again.');
    return undefined;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end)), lookup);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('The file changed meanwhile; try the fix again.');
    return undefined;
  }
  if (doc.uri.scheme === 'file') await doc.save();
  deps.log.info(
    `Replaced a ${ruleId} secret in ${vscode.workspace.asRelativePath(uri)} with ${lookup}; ` +
      `${name} comes from the account “${account.label}”`,
  );
  void vscode.window.showInformationMessage(
    `${name} now comes from “${account.label}” in secret storage: new terminals and debug sessions of this ` +
      'workspace get it, and no file holds it. If the secret was ever committed, rotate it.',
  );
  return name;
}
