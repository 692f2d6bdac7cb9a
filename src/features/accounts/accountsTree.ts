import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account, ConnectionResult, ProviderId } from '../../core/accounts/types';
import { mask } from '../../core/mask';
import { ACCOUNT_URI_SCHEME } from '../../ids';

export type AccountsNode = { kind: 'provider'; provider: ProviderId } | { kind: 'account'; account: Account };

const PROVIDER_NAMES: Record<ProviderId, string> = { helcim: 'Helcim', gr4vy: 'Gr4vy' };
const WARNING_OUTCOMES = new Set(['rateLimited', 'serverError', 'timeout', 'cancelled']);

/** "12:03" today, "Nov 21 12:03" otherwise. */
function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = d.toDateString() === new Date().toDateString();
  return d.toLocaleString(
    undefined,
    sameDay
      ? { hour: '2-digit', minute: '2-digit' }
      : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  );
}

function resultIcon(r: ConnectionResult | undefined, testing: boolean): vscode.ThemeIcon {
  if (testing) return new vscode.ThemeIcon('loading~spin');
  if (!r) return new vscode.ThemeIcon('circle-large-outline');
  if (r.ok) return new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('testing.iconPassed'));
  if (WARNING_OUTCOMES.has(r.outcome))
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
}

/** A short status for the item's description: "connected 120 ms"; with `withTime`, "… at 12:03". */
export function resultSummary(r: ConnectionResult | undefined, withTime = false): string {
  if (!r) return 'not tested';
  const what = r.ok
    ? `connected${r.latencyMs !== undefined ? ` ${r.latencyMs} ms` : ''}`
    : r.status
      ? `${r.outcome} (HTTP ${r.status})`
      : r.outcome;
  return withTime ? `${what} at ${shortTime(r.at)}` : what;
}

/** The Accounts view: providers, then their accounts with environment, masked secret and last result. */
export class AccountsTree implements vscode.TreeDataProvider<AccountsNode>, vscode.FileDecorationProvider {
  private readonly changed = new vscode.EventEmitter<AccountsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.decorationsChanged.event;
  /** Masked secrets by account id, read from secret storage when the view renders. */
  private readonly masked = new Map<string, string>();
  private readonly testing = new Set<string>();

  constructor(private readonly store: AccountStore) {}

  refresh(): void {
    this.masked.clear();
    this.changed.fire(undefined);
    this.decorationsChanged.fire(undefined);
  }

  setTesting(id: string, testing: boolean): void {
    if (testing) this.testing.add(id);
    else this.testing.delete(id);
    this.changed.fire(undefined);
  }

  async getChildren(node?: AccountsNode): Promise<AccountsNode[]> {
    const accounts = this.store.list();
    if (!node) {
      const providers = (['helcim', 'gr4vy'] as const).filter((p) => accounts.some((a) => a.provider === p));
      return providers.map((provider) => ({ kind: 'provider', provider }));
    }
    if (node.kind === 'account') return [];
    const mine = accounts.filter((a) => a.provider === node.provider);
    await Promise.all(
      mine.map(async (a) => {
        if (this.masked.has(a.id)) return;
        this.masked.set(a.id, a.provider === 'helcim' ? await this.maskedToken(a.id) : `kid …${a.kid.slice(-4)}`);
      }),
    );
    return mine.map((account) => ({ kind: 'account', account }));
  }

  private async maskedToken(id: string): Promise<string> {
    try {
      return mask(await this.store.readSecret(id));
    } catch {
      return 'secret missing';
    }
  }

  getTreeItem(node: AccountsNode): vscode.TreeItem {
    if (node.kind === 'provider') {
      const item = new vscode.TreeItem(PROVIDER_NAMES[node.provider], vscode.TreeItemCollapsibleState.Expanded);
      item.id = `provider:${node.provider}`;
      item.contextValue = `provider.${node.provider}`;
      item.iconPath = new vscode.ThemeIcon(node.provider === 'helcim' ? 'credit-card' : 'key');
      return item;
    }
    const a = node.account;
    const item = new vscode.TreeItem(a.label, vscode.TreeItemCollapsibleState.None);
    item.id = `account:${a.id}`;
    item.contextValue = `account.${a.provider}.${a.environment}`;
    item.resourceUri = vscode.Uri.from({ scheme: ACCOUNT_URI_SCHEME, path: `/${a.id}`, query: a.environment });
    item.iconPath = resultIcon(a.lastResult, this.testing.has(a.id));
    const env = a.environment === 'production' ? 'PRODUCTION' : a.provider === 'helcim' ? 'test' : 'sandbox';
    const secret = this.masked.get(a.id) ?? '••••••••';
    item.description = `${env} · ${secret} · ${this.testing.has(a.id) ? 'testing…' : resultSummary(a.lastResult)}`;
    item.tooltip = this.tooltip(a, secret);
    item.accessibilityInformation = {
      label: `${PROVIDER_NAMES[a.provider]} account ${a.label}, ${env}, ${resultSummary(a.lastResult, true)}`,
    };
    return item;
  }

  private tooltip(a: Account, secret: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.supportThemeIcons = true;
    md.appendMarkdown(
      `**${escapeMd(a.label)}** · ${PROVIDER_NAMES[a.provider]} · ${a.environment === 'production' ? '$(warning) **production**' : a.environment}\n\n`,
    );
    if (a.provider === 'helcim') {
      md.appendMarkdown(`api-token \`${secret}\`\n\n`);
    } else {
      md.appendMarkdown(
        `Instance \`${escapeMd(a.instanceId)}\`${a.merchantAccountId ? ` · merchant account \`${escapeMd(a.merchantAccountId)}\`` : ''}\n\n`,
      );
      md.appendMarkdown(
        `Key: ${escapeMd(a.keyFormat)}, EC P-521 (ES512), kid \`${a.kid}\`\n\nScopes: ${a.scopes.map((s) => `\`${escapeMd(s)}\``).join(' ')}\n\n`,
      );
    }
    const r = a.lastResult;
    if (r) {
      md.appendMarkdown(`---\n\n${r.ok ? '$(pass-filled)' : '$(error)'} ${escapeMd(r.message)}\n\n`);
      if (r.advice) md.appendMarkdown(`${escapeMd(r.advice)}\n\n`);
      md.appendMarkdown(`_Tested ${new Date(r.at).toLocaleString()}_`);
    } else {
      md.appendMarkdown('---\n\nNot tested yet.');
    }
    return md;
  }

  /** Production accounts get a warning-coloured label and a badge. */
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== ACCOUNT_URI_SCHEME || uri.query !== 'production') return undefined;
    return new vscode.FileDecoration(
      'P',
      'Production account: real payments',
      new vscode.ThemeColor('list.warningForeground'),
    );
  }

  dispose(): void {
    this.changed.dispose();
    this.decorationsChanged.dispose();
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!<>|]/g, '\\$&');
}
