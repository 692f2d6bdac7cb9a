import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { describeError, isAppError } from '../../core/errors';
import { accountFor, bindingOf, refuseProblems, requestAt } from '../../core/httpFile/binding';
import { parseHttpFile } from '../../core/httpFile/parse';
import { prepareRequest } from '../../core/httpFile/prepare';
import { confirmationFor, curlOf, responseDocument, withoutCredentials } from '../../core/httpFile/present';
import type { RecentRequest, RecentRequests } from '../../core/httpFile/recent';
import { IdempotencyKeys, sendPrepared } from '../../core/httpFile/send';
import type { HttpFileRequest } from '../../core/httpFile/types';
import type { Logger } from '../../core/logger';
import type { Account, ProviderId } from '../../core/providers/accountTypes';
import { providerOfAccount } from '../../core/providers/registry';
import { abortSignalOf } from '../../host/commands';
import { readConnectionSettings, requestOptionsFor } from '../../host/config';
import type { Prompts } from '../accounts/prompts';
import type { ResponseDocuments } from './responseView';

/** What `paymentApi.sendRequest` takes: the file and the request's line, and optionally who sends it. */
export interface SendArgs {
  uri: vscode.Uri;
  line: number;
  accountId?: string;
  /** "Send as a new payment": a new idempotency key even within the provider's window. */
  newPayment?: boolean;
  /** "Send as…": choose the account again. */
  pick?: boolean;
}

/** The command's result (tests read it): what was sent, or why nothing was. */
export type SendOutcome = { sent: RecentRequest } | { notSent: string };

export const RESTRICTED_MODE_MESSAGE =
  'Not sent: this workspace is in Restricted Mode. A .http file from a folder you have not trusted could ' +
  'spend money with your stored credentials, so nothing is sent from it until you trust the workspace.';

/** Narrows a command argument (a CodeLens's, a test's, or none from the palette) to {@link SendArgs}. */
function sendArgsOf(arg: unknown): SendArgs | undefined {
  if (arg && typeof arg === 'object') {
    const o = arg as Record<string, unknown>;
    const uri = o.uri instanceof vscode.Uri ? o.uri : typeof o.uri === 'string' ? vscode.Uri.parse(o.uri) : undefined;
    if (uri && typeof o.line === 'number' && Number.isInteger(o.line) && o.line > 0)
      return {
        uri,
        line: o.line,
        ...(typeof o.accountId === 'string' ? { accountId: o.accountId } : {}),
        newPayment: o.newPayment === true,
        pick: o.pick === true,
      };
  }
  const editor = vscode.window.activeTextEditor;
  return editor ? { uri: editor.document.uri, line: editor.selection.active.line + 1 } : undefined;
}

export interface SenderDeps {
  store: AccountStore;
  log: Logger;
  prompts: () => Prompts;
  recent: RecentRequests;
  responses: ResponseDocuments;
  /** Called after each request sent (the Requests view redraws). */
  onSent: () => void;
}

/**
 * Sends requests from `.http` files with a stored account's credential: in a trusted workspace
 * only, after asking for anything that moves money or any request of a production account, with
 * one idempotency-key memory for the session (a resend within the provider's window reuses the key).
 */
export class RequestSender {
  readonly idempotency = new IdempotencyKeys();
  /** The account chosen for a file, by provider: memory only, for the session. */
  private readonly chosenByFile = new Map<string, Map<ProviderId, string>>();
  private readonly chose = new vscode.EventEmitter<void>();
  readonly onDidChooseAccount = this.chose.event;

  constructor(private readonly deps: SenderDeps) {}

  chosen(uri: vscode.Uri, provider: ProviderId): string | undefined {
    return this.chosenByFile.get(uri.toString())?.get(provider);
  }

  /** `paymentApi.sendRequest`: the request at a line of a `.http` file. */
  async sendFromFile(arg: unknown): Promise<SendOutcome> {
    if (!vscode.workspace.isTrusted) return this.refuse(RESTRICTED_MODE_MESSAGE, 'warning');
    const a = sendArgsOf(arg);
    if (!a) return this.refuse('Not sent: open a .http file and put the cursor on a request.');
    const doc = await vscode.workspace.openTextDocument(a.uri);
    const r = requestAt(parseHttpFile(doc.getText()), a.line);
    if (!r) return this.refuse(`Not sent: there is no request at line ${a.line}.`);
    const account = await this.accountOf(a, r);
    if (typeof account === 'string') return this.refuse(account);
    if (!account) return { notSent: 'Not sent: no account was chosen.' };
    this.remember(a.uri, account);
    return this.send(r, account, { uri: a.uri.toString(), line: r.line }, a.newPayment === true);
  }

  /** Re-sends a recent request as the same account (asking again where it asks the first time). */
  async resend(item: RecentRequest): Promise<SendOutcome> {
    if (!vscode.workspace.isTrusted) return this.refuse(RESTRICTED_MODE_MESSAGE, 'warning');
    const account = this.deps.store.get(item.accountId);
    if (!account) return this.refuse(`Not sent: the account “${item.accountLabel}” no longer exists.`);
    return this.send(item.request, account, item.source, false);
  }

  dispose(): void {
    this.chose.dispose();
  }

  /** The account to send as (an explicit one, the file's, the only one, or a pick), or why there is none. */
  private async accountOf(a: SendArgs, r: HttpFileRequest): Promise<Account | string | undefined> {
    const { store } = this.deps;
    if (a.accountId) return store.get(a.accountId) ?? 'Not sent: that account no longer exists.';
    const b = bindingOf(r, store.list(), readConnectionSettings().settings.baseUrls);
    if (!b)
      return (
        'Not sent: the request does not go to the API of a provider this extension has accounts for, ' +
        'and nothing is sent anywhere else.'
      );
    const name = b.provider.displayName;
    if (b.candidates.length === 0) return `Not sent: no stored ${name} account has its API at ${b.url.origin}.`;
    const known = a.pick ? undefined : accountFor(b, this.chosen(a.uri, b.provider.id));
    if (known) return known;
    return this.deps.prompts().pick(
      b.candidates.map((c) => ({ label: c.label, description: `${name} · ${c.environment}`, value: c })),
      { title: 'Send as', placeholder: `The ${name} account whose credential this file's requests use` },
    );
  }

  private remember(uri: vscode.Uri, account: Account): void {
    const key = uri.toString();
    const map = this.chosenByFile.get(key) ?? new Map<ProviderId, string>();
    if (map.get(account.provider) === account.id) return;
    map.set(account.provider, account.id);
    this.chosenByFile.set(key, map);
    this.chose.fire();
  }

  private async send(
    r: HttpFileRequest,
    account: Account,
    source: RecentRequest['source'],
    newPayment: boolean,
  ): Promise<SendOutcome> {
    const { store, log, recent } = this.deps;
    const provider = providerOfAccount(account);
    const { baseUrl, clock: _clock, ...http } = requestOptionsFor(account.provider);
    let prepared;
    try {
      refuseProblems(r);
      prepared = prepareRequest(r, account, baseUrl);
    } catch (e) {
      if (isAppError(e)) return this.refuse(describeError(e));
      throw e;
    }
    const question = confirmationFor(prepared, provider.displayName, newPayment);
    if (question && !(await this.deps.prompts().confirm(question.message, question.detail, question.action)))
      return { notSent: 'Not sent: cancelled.' };
    const secret = await store.readSecret(account.id);
    const { method, path } = prepared.request;
    const ex = await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Sending ${method} ${path} as “${account.label}”…`,
        cancellable: true,
      },
      (_progress, token) =>
        sendPrepared(prepared, secret, {
          ...http,
          signal: abortSignalOf(token),
          idempotency: this.idempotency,
          newPayment,
          knownSecrets: store.knownSecrets(),
        }),
    );
    const at = new Date();
    const status = ex.response?.status;
    const item = recent.add({
      at: at.getTime(),
      method,
      path,
      ...(status !== undefined ? { status } : {}),
      ...(ex.error !== undefined ? { error: ex.error } : {}),
      accountId: account.id,
      accountLabel: account.label,
      environment: account.environment,
      source,
      request: withoutCredentials(r, prepared.spec.credentialHeaders),
      text: responseDocument(ex, { account, providerName: provider.displayName, at }),
      curl: curlOf(ex),
    });
    log.info(`Sent ${method} ${path} as “${account.label}”: ${status !== undefined ? `HTTP ${status}` : ex.error}`);
    this.deps.onSent();
    await this.deps.responses.show(item);
    return { sent: item };
  }

  private refuse(message: string, level: 'error' | 'warning' = 'error'): SendOutcome {
    if (level === 'warning') void vscode.window.showWarningMessage(message);
    else void vscode.window.showErrorMessage(message);
    return { notSent: message };
  }
}
