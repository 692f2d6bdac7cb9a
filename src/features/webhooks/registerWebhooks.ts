import * as vscode from 'vscode';
import type { Account } from '../../core/providers/accountTypes';
import { type DeliveryResult, deliver, loopbackUrl } from '../../core/webhooks/deliver';
import { webhooksOf } from '../../core/providers/registry';
import { signDelivery } from '../../core/webhooks/events';
import { type Delivery, WebhookReceiver } from '../../core/webhooks/receiver';
import type { Refusal } from '../../core/webhooks/requestGate';
import { registerCommands } from '../../host/commands';
import { TextScanner } from '../../core/scanner/textScanner';
import { readAllowedHosts } from '../../host/config';
import { Commands, Settings, Views } from '../../ids';
import type { AccountCommandDeps } from '../accounts/accountCommands';
import { DeliveriesTree } from './deliveriesTree';
import { type WebhookPanel, createWebhookPanel } from './webhookPanel';
import { webhookSecretCommands } from './webhookSecretCommands';
import { validator } from '../accounts/addAccountFlow';

/** The store, the log, the prompts and how to pick an account: what the account commands use too. */
export type WebhooksDeps = AccountCommandDeps;

export interface WebhooksFeature {
  panel: WebhookPanel;
  receiver(): WebhookReceiver | undefined;
  tree: DeliveriesTree;
}

/** Options a test (or a caller) may pass instead of answering the prompts. */
interface StartArgs {
  accountId?: string;
  forwardTo?: string;
  port?: number;
}

/** The raw text of a delivery as shown (its body masked), for the Webhook Inspector. */
function rawTextOf(d: Delivery): string {
  const lines = [`${d.method} ${d.path} HTTP/1.1`, ...Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\n')}\n\n${d.body}`;
}

/** Why the receiver refused a request, for the log (the Host name is well formed: letters, digits, `.-:[]`). */
function refusalText(r: Refusal): string {
  switch (r.reason) {
    case 'host':
      return r.host
        ? `its Host ${r.host.slice(0, 80)} is not this machine nor an allowed tunnel name`
        : 'its Host header is missing, repeated or malformed';
    case 'target':
      return 'its request target is not a path';
    case 'method':
      return 'only POST is taken';
    case 'browser':
      return 'it came from a web page (Origin or Sec-Fetch-Site)';
    case 'too-large':
      return 'its body is larger than 1 MB';
    case 'busy':
      return 'too many bytes in flight; the sender may retry';
    default: {
      const never: never = r.reason;
      return String(never);
    }
  }
}

/**
 * Re-signed now, or as it came. Re-signing gives the body a valid signature made with the real
 * secret, so it is offered only for a delivery that verified; one that did not may be forged, and
 * is sent as it came or not at all.
 */
async function askHowToReplay(deps: WebhooksDeps, seq: number, verified: boolean): Promise<boolean | undefined> {
  if (!verified) {
    const ok = await deps
      .prompts()
      .confirm(
        `Delivery ${seq} did not verify. Replay it as it came?`,
        'It is sent with its original headers only. It is not re-signed: signing it with your webhook ' +
          'secret would make a delivery that may be forged look genuine to your handler.',
        'Replay As It Came',
      );
    return ok ? false : undefined;
  }
  return deps.prompts().pick(
    [
      { label: 'Re-signed now', description: 'a fresh timestamp, so the handler’s tolerance accepts it', value: true },
      { label: 'As it came', description: 'the original headers (an old timestamp may be refused)', value: false },
    ],
    { title: 'Replay Delivery', placeholder: 'How should the delivery be sent again?' },
  );
}

/** Webhook secrets, the Webhook Inspector, and the local receiver with its Deliveries view. */
export function registerWebhooks(context: vscode.ExtensionContext, deps: WebhooksDeps): WebhooksFeature {
  const panel = createWebhookPanel(context, deps);
  const tree = new DeliveriesTree();
  let receiver: WebhookReceiver | undefined;
  /** The last receiver, kept after it stops so its deliveries stay listed (and can be replayed). */
  let shown: WebhookReceiver | undefined;
  let receiverAccount: Account | undefined;
  const status = vscode.window.createStatusBarItem('paymentApi.webhookReceiver', vscode.StatusBarAlignment.Left, 48);
  status.name = 'Payment API: Webhook Receiver';
  status.command = Commands.stopWebhookReceiver;
  const secrets = webhookSecretCommands(deps);
  const scanner = new TextScanner({
    workerScript: vscode.Uri.joinPath(context.extensionUri, 'dist', 'textScanWorker.js').fsPath,
  });
  const view = vscode.window.createTreeView(Views.webhookDeliveries, { treeDataProvider: tree });
  context.subscriptions.push(
    tree,
    view,
    status,
    { dispose: () => void receiver?.stop() },
    {
      dispose: () => scanner.dispose(),
    },
  );

  const refresh = () => {
    const list = shown?.deliveries() ?? [];
    tree.set(list);
    view.badge = list.length ? { value: list.length, tooltip: `${list.length} deliveries` } : undefined;
    if (receiver?.url) {
      const bad = list.filter((d) => !d.verdict.ok).length;
      status.text = `$(radio-tower) Webhooks ${new URL(receiver.url).port}${bad ? ` $(error) ${bad}` : ''}`;
      status.tooltip =
        `Receiving ${receiverAccount?.label ?? ''} webhooks at ${receiver.url} (this machine only). ` +
        'Click to stop.';
      status.show();
    } else status.hide();
  };

  const withSecret = (a: Account) => (a.webhookSecrets ?? 0) > 0;
  const pickReceiving = async (arg: unknown): Promise<Account | undefined> => {
    const a = await deps.target(arg, 'Whose webhooks? (their webhook secret verifies each delivery)');
    if (a && !withSecret(a)) {
      const set = await vscode.window.showWarningMessage(
        `“${a.label}” has no webhook secret yet.`,
        'Set Webhook Secret…',
      );
      if (set) await vscode.commands.executeCommand(Commands.setWebhookSecret, a.id);
      const fresh = deps.store.get(a.id);
      return fresh && withSecret(fresh) ? fresh : undefined;
    }
    return a;
  };

  const start = async (arg?: unknown): Promise<string | undefined> => {
    const opts = (arg && typeof arg === 'object' && 'accountId' in arg ? arg : {}) as StartArgs;
    const account = opts.accountId ? deps.store.get(opts.accountId) : await pickReceiving(arg);
    if (!account) return undefined;
    webhooksOf(account.provider); // throws for a provider that sends no webhooks, before a port is opened
    let forwardTo = opts.forwardTo;
    if (!opts.accountId) {
      forwardTo = await deps.prompts().input({
        title: 'Start Webhook Receiver',
        prompt: 'Pass each delivery on to your handler on this machine (leave empty to only verify and list them)',
        placeholder: 'http://localhost:3000/webhooks',
        validate: validator((v) => v.trim() && loopbackUrl(v)),
      });
      if (forwardTo === undefined) return undefined;
    }
    await receiver?.stop();
    const port = opts.port ?? vscode.workspace.getConfiguration().get<number>(Settings.webhookReceiverPort) ?? 0;
    receiverAccount = account;
    receiver = new WebhookReceiver({
      provider: account.provider,
      secrets: () => deps.store.readWebhookSecrets(account.id),
      knownSecrets: () => deps.store.knownSecrets(),
      // Bodies are scanned off the host with a time budget; a sender's directives are not honoured.
      scanText: async (text) => {
        const o = await scanner.scan({ text, honourDirectives: false, secretsOnly: true });
        return o.kind === 'done' ? o.findings : undefined;
      },
      allowedHosts: readAllowedHosts(),
      ...(forwardTo?.trim() ? { forwardTo: loopbackUrl(forwardTo) } : {}),
      port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0,
    });
    shown = receiver;
    receiver.onDelivery((d) => {
      deps.log.info(`Webhook delivery ${d.seq} (${d.event ?? d.path}): ${d.verdict.summary}`);
      refresh();
    });
    // Once per kind (and Host name), so a page that keeps knocking cannot flood the log.
    const told = new Set<string>();
    receiver.onRefused((r) => {
      const key = `${r.reason} ${r.host ?? ''}`;
      if (told.size >= 20 || told.has(key)) return;
      told.add(key);
      deps.log.info(`Webhook receiver refused a request (HTTP ${r.status}): ${refusalText(r)}`);
    });
    const url = await receiver.start();
    deps.log.info(`Webhook receiver for “${account.label}” listening at ${url}`);
    refresh();
    if (!opts.accountId)
      void vscode.window
        .showInformationMessage(`Receiving “${account.label}” webhooks at ${url} (this machine only).`, 'Copy URL')
        .then((c) => c && vscode.env.clipboard.writeText(url));
    return url;
  };

  registerCommands(context, deps.log, {
    [Commands.openWebhookInspector]: () => panel.open(),
    [Commands.setWebhookSecret]: (arg) => secrets.set(arg),
    [Commands.removeWebhookSecret]: (arg) => secrets.remove(arg),
    [Commands.startWebhookReceiver]: (arg) => start(arg),
    [Commands.stopWebhookReceiver]: async () => {
      const url = receiver?.url;
      await receiver?.stop();
      receiver = undefined;
      refresh();
      if (url) deps.log.info(`Webhook receiver at ${url} stopped; the port is closed`);
    },
    [Commands.sendTestWebhook]: async (arg): Promise<DeliveryResult | undefined> => {
      const opts = (arg && typeof arg === 'object' && 'accountId' in arg ? arg : {}) as {
        accountId?: string;
        to?: string;
      };
      const account = opts.accountId ? deps.store.get(opts.accountId) : await pickReceiving(arg);
      if (!account) return undefined;
      const to =
        opts.to ??
        receiver?.url ??
        (await deps.prompts().input({
          title: 'Send Test Event',
          prompt: 'Your handler on this machine',
          placeholder: 'http://localhost:3000/webhooks',
        }));
      if (!to) return undefined;
      const body = webhooksOf(account.provider).sampleEvent();
      const r = await deliver(
        to,
        signDelivery(account.provider, await deps.store.readWebhookSecrets(account.id), body),
      );
      deps.log.info(`Sent a signed test ${account.provider} event to ${to}: HTTP ${r.status}`);
      return r;
    },
    [Commands.replayDelivery]: async (arg): Promise<DeliveryResult | undefined> => {
      const seq = typeof arg === 'number' ? arg : (arg as Delivery | undefined)?.seq;
      if (!shown || seq === undefined) return undefined;
      const verified = shown.deliveries().find((x) => x.seq === seq)?.verdict.ok === true;
      const fresh = await askHowToReplay(deps, seq, verified);
      if (fresh === undefined) return undefined;
      const r = await shown.replay(seq, fresh);
      void vscode.window.showInformationMessage(`Replayed delivery ${seq}: the handler answered HTTP ${r.status}.`);
      return r;
    },
    [Commands.showDelivery]: (arg) => {
      const seq = typeof arg === 'number' ? arg : (arg as Delivery | undefined)?.seq;
      const d = shown?.deliveries().find((x) => x.seq === seq);
      if (!d) return;
      const note = d.redactions
        ? `${d.redactions} secret(s) in the body are masked here; the verdict is on the body as received.`
        : undefined;
      panel.open({
        type: 'load',
        kind: 'webhook',
        accountId: receiverAccount?.id,
        text: rawTextOf(d),
        verdict: d.verdict,
        ...(note ? { note } : {}),
      });
    },
    [Commands.clearDeliveries]: () => {
      shown?.clear();
      refresh();
    },
  });
  return { panel, receiver: () => receiver, tree };
}
