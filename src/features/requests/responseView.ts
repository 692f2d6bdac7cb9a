import * as vscode from 'vscode';
import type { RecentRequest, RecentRequests } from '../../core/httpFile/recent';
import { RESPONSE_URI_SCHEME } from '../../ids';

/**
 * The read-only response views (`payapi-response:/3/POST purchase`): their text comes from the
 * recent requests kept in memory, so nothing of an answer is written anywhere. A view whose
 * request has dropped out of that list says so.
 */
export class ResponseDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly recent: RecentRequests) {}

  uriOf(item: RecentRequest): vscode.Uri {
    const last = item.path.split('/').filter(Boolean).at(-1) ?? '';
    return vscode.Uri.from({ scheme: RESPONSE_URI_SCHEME, path: `/${item.id}/${item.method} ${last}`.trimEnd() });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = Number(uri.path.split('/')[1]);
    return (
      this.recent.get(id)?.text ??
      `# This response is no longer kept: only the last ${this.recent.limit} are, in memory, for this session.\n`
    );
  }

  /** Opens the response beside the `.http` file, as an HTTP message when an extension knows the language. */
  async show(item: RecentRequest): Promise<vscode.TextDocument> {
    let doc = await vscode.workspace.openTextDocument(this.uriOf(item));
    if (doc.languageId !== 'http' && (await vscode.languages.getLanguages()).includes('http'))
      doc = await vscode.languages.setTextDocumentLanguage(doc, 'http');
    await vscode.window.showTextDocument(doc, {
      viewColumn: vscode.ViewColumn.Beside,
      preview: true,
      preserveFocus: true,
    });
    return doc;
  }
}
