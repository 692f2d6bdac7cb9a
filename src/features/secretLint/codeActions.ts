import * as vscode from 'vscode';
import type { Account } from '../../core/providers/accountTypes';
import { providerForRule, providerOfAccount } from '../../core/providers/registry';
import { envLookup, envNameFor, ignoreComment, quotedSpan } from '../../core/scanner/fixes';
import { isCheckableRule } from '../../core/providers/liveness';
import { BASELINE_FILE } from '../../core/scanner/baseline';
import type { FileContext } from '../../core/scanner/fileContext';
import { ruleById } from '../../core/scanner/rules';
import { Commands } from '../../ids';
import { ruleIdOf } from './diagnostics';
import { canUseEnvFromAccount } from './envFromAccount';

/** Quick fixes on our diagnostics: move to .env, save as an account, ignore on this line, rotate. */
export class SecretFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  /** @param storedAccountOf the account whose stored secret is this text, if any (for `known-secret`). */
  constructor(
    private readonly storedAccountOf: (secret: string) => Account | undefined = () => undefined,
    private readonly contextOf: (uri: vscode.Uri) => FileContext | undefined = () => undefined,
  ) {}

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    ctx: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    return ctx.diagnostics.flatMap((d) => {
      const ruleId = ruleIdOf(d);
      return ruleId ? this.fixesFor(doc, d, ruleId) : [];
    });
  }

  private fixesFor(doc: vscode.TextDocument, d: vscode.Diagnostic, ruleId: string): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const action = (title: string, preferred = false) => {
      const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      a.diagnostics = [d];
      a.isPreferred = preferred;
      actions.push(a);
      return a;
    };
    const rule = ruleById(ruleId);
    if (rule?.kind === 'exposure') {
      this.exposureFixes({ doc, d, ruleId, action });
      return actions;
    }
    const lookup = envLookup(doc.languageId, envNameFor(ruleId));
    const replaceable =
      lookup !== undefined && quotedSpan(doc.getText(), doc.offsetAt(d.range.start), doc.offsetAt(d.range.end));
    const args = [doc.uri, d.range, ruleId];
    const provider = providerForRule(ruleId);
    const fromAccount = canUseEnvFromAccount(doc, d.range, ruleId);
    if (fromAccount) {
      const stored = ruleId === 'known-secret' ? this.storedAccountOf(doc.getText(d.range)) : undefined;
      const name = (stored ? providerOfAccount(stored) : provider)?.envVar ?? envNameFor(ruleId);
      const a = action(
        `Read it from the environment (${envLookup(doc.languageId, name) ?? name}), keep the value in secret storage`,
        true,
      );
      a.command = { command: Commands.internalUseEnvFromAccount, title: a.title, arguments: args };
    }
    if (replaceable) {
      const a = action(
        `Move the secret to .env (the value will sit on disk in plain text) and use ${lookup}`,
        !fromAccount,
      );
      a.command = { command: Commands.internalFixWithEnv, title: a.title, arguments: args };
    }
    if (provider && !fromAccount) {
      const a = action(`Save as a ${provider.displayName} account in VS Code's secret storage`);
      a.command = { command: Commands.internalMoveToAccount, title: a.title, arguments: args };
    }
    ignoreOrAccept({ doc, d, ruleId, action }, ', no secret stored');
    if (vscode.workspace.isTrusted && isCheckableRule(ruleId)) {
      const a = action('Is it live? Ask the provider with one read-only call (shown before it is made)');
      a.command = { command: Commands.internalCheckLive, title: a.title, arguments: args };
    }
    if (doc.uri.scheme === 'file') {
      const a = action('Respond to a leak: rotate, check, erase from git history, accept…');
      a.command = { command: Commands.internalRespondToLeak, title: a.title, arguments: args };
    }
    const rotate = rule?.rotateUrl;
    if (rotate) {
      const a = action("Rotate this key: it may already be in your history (opens the provider's dashboard)");
      a.command = { command: 'vscode.open', title: a.title, arguments: [vscode.Uri.parse(rotate)] };
    }
    return actions;
  }

  /**
   * Fixes for a finding that is not a secret's value but where one reaches the browser or a log:
   * the rule's own fix where an honest one exists, the ignore comment, the baseline, the docs. Not
   * "move to .env", "save as an account" or "Is it live?": the range holds a name, not a secret.
   */
  private exposureFixes(at: FindingAt): void {
    const { doc, d, ruleId, action } = at;
    const rule = ruleById(ruleId);
    const [start, end] = [doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)];
    const fix = rule?.fix?.(doc.getText(), start, end, doc.languageId, this.contextOf(doc.uri));
    if (fix) {
      const range = new vscode.Range(doc.positionAt(fix.edit.start), doc.positionAt(fix.edit.end));
      action(fix.title, true).edit = editOf((e) => e.replace(doc.uri, range, fix.edit.text));
    }
    ignoreOrAccept(at, '');
    const docs = typeof d.code === 'object' ? d.code.target : undefined;
    if (docs) {
      const a = action(`Why is this a leak? Read about ${ruleId}`);
      a.command = { command: 'markdown.showPreview', title: a.title, arguments: [docs] };
    }
  }
}

/** A finding the quick fixes are for, and how to add one to the menu. */
interface FindingAt {
  doc: vscode.TextDocument;
  d: vscode.Diagnostic;
  ruleId: string;
  action: (title: string, preferred?: boolean) => vscode.CodeAction;
}

/** "Ignore on this line" (in the language's comment syntax) and "accept in the baseline", for any finding. */
function ignoreOrAccept({ doc, d, ruleId, action }: FindingAt, baselineNote: string): void {
  const comment = ignoreComment(doc.languageId);
  if (comment) {
    const end = doc.lineAt(d.range.start.line).range.end;
    action(`Ignore this finding on this line (${comment})`).edit = editOf((e) => e.insert(doc.uri, end, ` ${comment}`));
  }
  if (d.severity !== vscode.DiagnosticSeverity.Hint) {
    const a = action(`Accept this finding: add it to the baseline (${BASELINE_FILE}${baselineNote})`);
    a.command = { command: Commands.internalAcceptFinding, title: a.title, arguments: [doc.uri, d.range, ruleId] };
  }
}

/** A workspace edit made by `make`. */
function editOf(make: (edit: vscode.WorkspaceEdit) => void): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  make(edit);
  return edit;
}
