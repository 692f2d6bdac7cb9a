import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Logger } from '../../core/logger';
import { HELCIMPAY_SECRET_TOKEN_INPUT } from '../../core/providers/helcim/helcimPayText';
import { WebhookInspectorController, webhookAccounts } from '../../core/webhooks/inspectorController';
import { loadWebviewPage } from '../../host/webviewPage';
import { type ToWebhookPage, isToWebhookHost } from '../../shared/webhookProtocol';
import type { Prompts } from '../accounts/prompts';

export const WEBHOOK_INSPECTOR_VIEW_TYPE = 'paymentApi.webhookInspector';

export interface WebhookPanel {
  /** Opens (or reveals) the panel; with `load`, shows that delivery in it. */
  open(load?: Extract<ToWebhookPage, { type: 'load' }>): void;
  panel(): vscode.WebviewPanel | undefined;
  /** Messages posted to the page, recorded in test mode only. */
  posted: ToWebhookPage[];
  controller: WebhookInspectorController;
}

/** The Webhook Inspector panel (one, reused): the page shows, the host verifies. */
export function createWebhookPanel(
  context: vscode.ExtensionContext,
  deps: { store: AccountStore; log: Logger; prompts: () => Prompts },
): WebhookPanel {
  const controller = new WebhookInspectorController({
    accounts: deps.store,
    log: deps.log,
    askSecretToken: () => deps.prompts().input({ ...HELCIMPAY_SECRET_TOKEN_INPUT, password: true }),
  });
  const recording = context.extensionMode === vscode.ExtensionMode.Test;
  let current: vscode.WebviewPanel | undefined;
  let pending: Extract<ToWebhookPage, { type: 'load' }> | undefined;
  const feature: WebhookPanel = { open, panel: () => current, posted: [], controller };

  const post = (msg: ToWebhookPage) => {
    if (recording) feature.posted.push(msg);
    void current?.webview.postMessage(msg);
  };

  function attach(panel: vscode.WebviewPanel): void {
    current = panel;
    loadWebviewPage(panel, context.extensionUri, { title: 'Webhook Inspector', script: 'webhooks.js' });
    const subs = [
      panel.webview.onDidReceiveMessage(async (msg: unknown) => {
        if (!isToWebhookHost(msg)) {
          deps.log.warn('The Webhook Inspector sent a message of unknown shape; ignored');
          return;
        }
        const reply = await controller.handle(msg);
        if (reply) post(reply);
        if (msg.type === 'ready' && pending) {
          post(pending);
          pending = undefined;
        }
      }),
      deps.store.onDidChange(() => post({ type: 'accounts', accounts: webhookAccounts(deps.store.list()) })),
    ];
    panel.onDidDispose(() => {
      for (const s of subs) s.dispose();
      if (current === panel) current = undefined;
    });
  }

  function open(load?: Extract<ToWebhookPage, { type: 'load' }>): void {
    if (current) {
      current.reveal();
      if (load) post(load);
      return;
    }
    pending = load;
    const panel = vscode.window.createWebviewPanel(
      WEBHOOK_INSPECTOR_VIEW_TYPE,
      'Webhook Inspector',
      vscode.ViewColumn.Active,
      { enableScripts: true, enableFindWidget: true },
    );
    attach(panel);
  }

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(WEBHOOK_INSPECTOR_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        attach(panel);
      },
    }),
  );
  return feature;
}
