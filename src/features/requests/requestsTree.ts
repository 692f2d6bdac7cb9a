import * as vscode from 'vscode';
import type { RecentRequest, RecentRequests } from '../../core/httpFile/recent';
import { Commands } from '../../ids';

/** The "Requests" view: requests sent from `.http` files this session, newest first (memory only). */
export class RequestsTree implements vscode.TreeDataProvider<RecentRequest> {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly recent: RecentRequests) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: RecentRequest): RecentRequest[] {
    return node ? [] : [...this.recent.list()];
  }

  getTreeItem(r: RecentRequest): vscode.TreeItem {
    const time = new Date(r.at).toLocaleTimeString();
    const outcome = r.status !== undefined ? String(r.status) : 'no answer';
    const item = new vscode.TreeItem(`${r.method} ${r.path}`, vscode.TreeItemCollapsibleState.None);
    item.id = `request:${r.id}`;
    item.contextValue = 'request';
    const env = r.environment === 'production' ? ' (PRODUCTION)' : '';
    item.description = `${outcome} · ${r.accountLabel}${env} · ${time}`;
    const ok = r.status !== undefined && r.status < 400;
    item.iconPath = new vscode.ThemeIcon(
      ok ? 'pass-filled' : 'error',
      new vscode.ThemeColor(ok ? 'testing.iconPassed' : 'testing.iconFailed'),
    );
    const md = new vscode.MarkdownString('', false);
    md.appendText(
      `${r.method} ${r.path} → ${r.status !== undefined ? `HTTP ${r.status}` : (r.error ?? 'no answer')}\n\n`,
    );
    md.appendText(`Sent as “${r.accountLabel}” (${r.environment}) at ${time}\n\n`);
    md.appendText(`From ${vscode.Uri.parse(r.source.uri).fsPath}, line ${r.source.line}`);
    item.tooltip = md;
    item.command = { command: Commands.showRequestResponse, title: 'Show Response', arguments: [r] };
    item.accessibilityInformation = { label: `${r.method} ${r.path}, ${outcome}, as ${r.accountLabel}, at ${time}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
