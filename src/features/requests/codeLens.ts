import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { type RequestLens, lensesFor } from '../../core/httpFile/binding';
import { parseHttpFile } from '../../core/httpFile/parse';
import { readConnectionSettings } from '../../host/config';
import { Commands, Settings } from '../../ids';
import type { RequestSender } from './sender';

/** `.http` and `.rest` files by name: VS Code has no built-in language for them. */
export const HTTP_FILES: vscode.DocumentSelector = { scheme: 'file', pattern: '**/*.{http,rest}' };

/**
 * Files larger than this get no lenses: a `.http` file is a few kilobytes, and a pathological
 * one (nested variables) must not stall the extension host on every edit.
 */
const MAX_CHARS = 256 * 1024;

/** "Send as <account>", "Send as…", "Send as a new payment" and "Not sendable: …" above requests. */
export class RequestLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly store: AccountStore,
    private readonly sender: RequestSender,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (vscode.workspace.getConfiguration(undefined, doc.uri).get<unknown>(Settings.requestsCodeLens) === false)
      return [];
    const text = doc.getText();
    if (text.length > MAX_CHARS) return [];
    const lenses = lensesFor(parseHttpFile(text), {
      accounts: this.store.list(),
      baseUrls: readConnectionSettings().settings.baseUrls,
      chosen: (provider) => this.sender.chosen(doc.uri, provider),
    });
    return lenses.flatMap((l) => {
      if (l.line < 1 || l.line > doc.lineCount) return [];
      return [new vscode.CodeLens(doc.lineAt(l.line - 1).range, commandOf(l, doc.uri))];
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function commandOf(l: RequestLens, uri: vscode.Uri): vscode.Command {
  const { title } = l;
  switch (l.kind) {
    case 'send':
      return { title, command: Commands.sendRequest, arguments: [{ uri, line: l.line, accountId: l.accountId }] };
    case 'newPayment':
      return {
        title,
        command: Commands.sendRequest,
        arguments: [{ uri, line: l.line, accountId: l.accountId, newPayment: true }],
        tooltip: 'A new idempotency key: the provider treats it as a new payment, even within its window',
      };
    case 'pick':
      return { title, command: Commands.sendRequest, arguments: [{ uri, line: l.line, pick: true }] };
    case 'notSendable':
      return { title, command: Commands.internalExplainRequest, arguments: [l.detail], tooltip: l.detail };
    case 'noAccount':
      return { title, command: Commands.internalExplainRequest, arguments: [l.detail, true], tooltip: l.detail };
    default: {
      const never: never = l;
      return never;
    }
  }
}
