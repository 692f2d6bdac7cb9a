import * as vscode from 'vscode';
import type { Delivery } from '../../core/webhooks/receiver';
import { Commands } from '../../ids';

/** The "Webhook Deliveries" view: what the local receiver got, newest first, with each verdict. */
export class DeliveriesTree implements vscode.TreeDataProvider<Delivery> {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private items: readonly Delivery[] = [];

  set(deliveries: readonly Delivery[]): void {
    this.items = deliveries;
    this.changed.fire(undefined);
  }

  getChildren(node?: Delivery): Delivery[] {
    return node ? [] : [...this.items];
  }

  getTreeItem(d: Delivery): vscode.TreeItem {
    const time = new Date(d.receivedAt).toLocaleTimeString();
    const item = new vscode.TreeItem(`${time} ${d.event ?? d.path}`, vscode.TreeItemCollapsibleState.None);
    item.id = `delivery:${d.seq}`;
    item.contextValue = 'delivery';
    const verdict = d.verdict.ok ? 'verified' : (d.verdict.causes[0]?.cause ?? 'not verified');
    const forward = d.forwarded
      ? 'status' in d.forwarded
        ? ` → ${d.forwarded.status}`
        : ' → handler unreachable'
      : '';
    item.description = `${verdict}${forward}`;
    item.iconPath = new vscode.ThemeIcon(
      d.verdict.ok ? 'pass-filled' : 'error',
      new vscode.ThemeColor(d.verdict.ok ? 'testing.iconPassed' : 'testing.iconFailed'),
    );
    const md = new vscode.MarkdownString('', false);
    md.appendText(`${d.verdict.summary}\n\n`);
    for (const c of d.verdict.causes) md.appendText(`• ${c.message}: ${c.advice}\n\n`);
    if (d.redactions) md.appendText(`${d.redactions} secret(s) in the body are masked here.\n\n`);
    if (d.forwarded)
      md.appendText(
        'status' in d.forwarded
          ? `Handler: HTTP ${d.forwarded.status} in ${d.forwarded.latencyMs} ms`
          : `Handler: ${d.forwarded.error}`,
      );
    item.tooltip = md;
    item.command = { command: Commands.showDelivery, title: 'Show in the Webhook Inspector', arguments: [d.seq] };
    item.accessibilityInformation = { label: `Delivery at ${time}, ${verdict}` };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
