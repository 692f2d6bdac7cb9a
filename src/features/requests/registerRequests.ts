import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { type RecentRequest, RecentRequests } from '../../core/httpFile/recent';
import type { Logger } from '../../core/logger';
import { registerCommands } from '../../host/commands';
import { Commands, RESPONSE_URI_SCHEME, Settings, Views } from '../../ids';
import type { Prompts } from '../accounts/prompts';
import { HTTP_FILES, RequestLenses } from './codeLens';
import { RequestsTree } from './requestsTree';
import { ResponseDocuments } from './responseView';
import { RequestSender } from './sender';

export interface RequestsDeps {
  store: AccountStore;
  log: Logger;
  prompts: () => Prompts;
}

/** What the feature hands back (for tests): the recent requests, the view, the lenses and the sender. */
export interface RequestsFeature {
  recent: RecentRequests;
  tree: RequestsTree;
  lenses: RequestLenses;
  sender: RequestSender;
  responses: ResponseDocuments;
}

/** A recent request from a command argument: the tree's item, or its id. */
function recentOf(recent: RecentRequests, arg: unknown): RecentRequest | undefined {
  if (typeof arg === 'number') return recent.get(arg);
  if (arg && typeof arg === 'object' && typeof (arg as { id?: unknown }).id === 'number')
    return recent.get((arg as { id: number }).id);
  return recent.list()[0];
}

/**
 * Sending `.http` requests with stored credentials: CodeLenses, the send command, the read-only
 * response views and the Requests view. Everything it keeps is in memory, for this session.
 */
export function registerRequests(context: vscode.ExtensionContext, deps: RequestsDeps): RequestsFeature {
  const recent = new RecentRequests(20);
  const responses = new ResponseDocuments(recent);
  const tree = new RequestsTree(recent);
  const sender = new RequestSender({ ...deps, recent, responses, onSent: () => tree.refresh() });
  const lenses = new RequestLenses(deps.store, sender);
  context.subscriptions.push(
    tree,
    sender,
    lenses,
    vscode.workspace.registerTextDocumentContentProvider(RESPONSE_URI_SCHEME, responses),
    vscode.window.createTreeView(Views.requests, { treeDataProvider: tree }),
    vscode.languages.registerCodeLensProvider(HTTP_FILES, lenses),
    deps.store.onDidChange(() => lenses.refresh()),
    sender.onDidChooseAccount(() => lenses.refresh()),
    // The lens setting and the base-URL settings (which make a stand-in's URL a provider's).
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.section)) lenses.refresh();
    }),
  );

  const item = (arg: unknown) => {
    const r = recentOf(recent, arg);
    if (!r) void vscode.window.showInformationMessage('No request has been sent from a .http file yet.');
    return r;
  };
  registerCommands(context, deps.log, {
    [Commands.sendRequest]: (arg: unknown) => sender.sendFromFile(arg),
    [Commands.resendRequest]: async (arg: unknown) => {
      const r = item(arg);
      return r ? sender.resend(r) : undefined;
    },
    [Commands.showRequestResponse]: async (arg: unknown) => {
      const r = item(arg);
      if (r) await responses.show(r);
    },
    [Commands.copyRequestAsCurl]: async (arg: unknown) => {
      const r = item(arg);
      if (!r) return;
      await vscode.env.clipboard.writeText(r.curl);
      void vscode.window.showInformationMessage('Copied the request as curl, its credential masked.');
    },
    [Commands.clearRequests]: () => {
      recent.clear();
      tree.refresh();
    },
    [Commands.internalExplainRequest]: async (detail: unknown, offerAdd: unknown) => {
      const text = typeof detail === 'string' ? detail : 'This request cannot be sent.';
      const add = offerAdd === true ? 'Add Account' : undefined;
      const choice = await (add ? vscode.window.showWarningMessage(text, add) : vscode.window.showWarningMessage(text));
      if (choice === add && add) await vscode.commands.executeCommand(Commands.addAccount);
    },
  });
  return { recent, tree, lenses, sender, responses };
}
