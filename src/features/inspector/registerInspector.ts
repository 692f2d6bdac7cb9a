import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { JWT_PATTERN } from '../../core/jwt/decode';
import type { Logger } from '../../core/logger';
import { registerCommands } from '../../host/commands';
import { loadWebviewPage } from '../../host/webviewPage';
import { readMaxLifetimeSeconds, requestOptionsFor } from '../../host/config';
import { Commands } from '../../ids';
import { type ToWebview, isToHost } from '../../shared/protocol';
import { InspectorController, accountInfos } from '../../core/inspector/controller';

export const INSPECTOR_VIEW_TYPE = 'paymentApi.inspector';

export interface InspectorFeature {
  controller: InspectorController;
  panel(): vscode.WebviewPanel | undefined;
  /** Messages posted to the page, recorded in test mode only. */
  posted: ToWebview[];
}

/** The token under the cursor or the selection, cleaned; undefined when there is none. */
export function tokenAt(doc: vscode.TextDocument, selection: vscode.Selection): string | undefined {
  if (!selection.isEmpty) return doc.getText(selection).trim() || undefined;
  const line = doc.lineAt(selection.active.line).text;
  for (const m of line.matchAll(JWT_PATTERN)) {
    const start = m.index ?? 0;
    if (selection.active.character >= start && selection.active.character <= start + m[0].length) return m[0];
  }
  return undefined;
}

/** The JWT inspector panel (one, reused) and its commands. */
export function registerInspector(
  context: vscode.ExtensionContext,
  deps: { store: AccountStore; log: Logger },
): InspectorFeature {
  const controller = new InspectorController({
    store: deps.store,
    log: deps.log,
    maxLifetimeSeconds: readMaxLifetimeSeconds,
    requestOptions: requestOptionsFor,
    copy: async (text, what) => {
      await vscode.env.clipboard.writeText(text);
      void vscode.window.showInformationMessage(`Copied the ${what}.`);
    },
  });
  const recording = context.extensionMode === vscode.ExtensionMode.Test;
  const feature: InspectorFeature = { controller, panel: () => current, posted: [] };
  let current: vscode.WebviewPanel | undefined;
  let pendingToken: string | undefined;

  const post = (msg: ToWebview) => {
    if (recording) feature.posted.push(msg);
    void current?.webview.postMessage(msg);
  };

  const attach = (panel: vscode.WebviewPanel) => {
    current = panel;
    loadWebviewPage(panel, context.extensionUri, { title: 'JWT Inspector', script: 'main.js' });
    const subs = [
      panel.webview.onDidReceiveMessage(async (msg: unknown) => {
        if (!isToHost(msg)) {
          deps.log.warn('The inspector sent a message of unknown shape; ignored');
          return;
        }
        const reply = await controller.handle(msg);
        if (reply) post(reply);
        if (msg.type === 'ready' && pendingToken !== undefined) {
          post({ type: 'setToken', token: pendingToken });
          pendingToken = undefined;
        }
      }),
      deps.store.onDidChange(() =>
        post({
          type: 'accounts',
          accounts: accountInfos(deps.store),
          ...(deps.store.activeId() ? { activeAccountId: deps.store.activeId() } : {}),
        }),
      ),
    ];
    panel.onDidDispose(() => {
      subs.forEach((s) => s.dispose());
      if (current === panel) current = undefined;
    });
  };

  const open = (token?: string) => {
    if (current) {
      current.reveal();
      if (token !== undefined) post({ type: 'setToken', token });
      return current;
    }
    pendingToken = token;
    const panel = vscode.window.createWebviewPanel(INSPECTOR_VIEW_TYPE, 'JWT Inspector', vscode.ViewColumn.Beside, {
      enableScripts: true,
      enableFindWidget: true,
    });
    attach(panel);
    return panel;
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        attach(panel);
      },
    }),
  );
  registerCommands(context, deps.log, {
    [Commands.openInspector]: (token) => {
      open(typeof token === 'string' ? token : undefined);
    },
    [Commands.inspectJwtAtCursor]: async (uri, line, character) => {
      let doc: vscode.TextDocument | undefined;
      let selection: vscode.Selection | undefined;
      if (typeof uri === 'string' && typeof line === 'number' && typeof character === 'number') {
        doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
        selection = new vscode.Selection(line, character, line, character);
      } else if (vscode.window.activeTextEditor) {
        doc = vscode.window.activeTextEditor.document;
        selection = vscode.window.activeTextEditor.selection;
      }
      const token = doc && selection ? tokenAt(doc, selection) : undefined;
      if (!token) {
        void vscode.window.showInformationMessage(
          'No JWT at the cursor: put the cursor on a token (eyJ….eyJ….…) or select one.',
        );
      }
      open(token);
    },
  });
  return feature;
}
