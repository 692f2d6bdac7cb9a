import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account, ConnectionResult, ProviderId } from '../../core/providers/accountTypes';
import { isTransient } from '../../core/providers/outcome';
import { PROVIDERS, jwtSigningOf, providerOf, providerOfAccount } from '../../core/providers/registry';
import { mask } from '../../core/mask';
import { ACCOUNT_URI_SCHEME } from '../../ids';

export type AccountsNode = { kind: 'provider'; provider: ProviderId } | { kind: 'account'; account: Account };

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
  if (isTransient(r.outcome))
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

  constructor(
    private readonly store: AccountStore,
    /** The environment variables an account feeds in this workspace (secrets at run time). */
    private readonly envNames: (accountId: string) => string[] = () => [],
  ) {}

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
      const providers = PROVIDERS.filter((p) => accounts.some((a) => a.provider === p.id));
      return providers.map((p) => ({ kind: 'provider', provider: p.id }));
    }
    if (node.kind === 'account') return [];
    const mine = accounts.filter((a) => a.provider === node.provider);
    await Promise.all(
      mine.map(async (a) => {
        if (this.masked.has(a.id)) return;
        const id = providerOfAccount(a).publicId(a);
        this.masked.set(a.id, id ? `${id.name} …${id.value.slice(-4)}` : await this.maskedToken(a.id));
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
      const spec = providerOf(node.provider);
      const item = new vscode.TreeItem(spec.displayName, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `provider:${node.provider}`;
      item.contextValue = `provider.${node.provider}`;
      item.iconPath = new vscode.ThemeIcon(spec.icon);
      return item;
    }
    const a = node.account;
    const item = new vscode.TreeItem(a.label, vscode.TreeItemCollapsibleState.None);
    item.id = `account:${a.id}`;
    // `.embed`: the account's provider makes Embed tokens (the menu item's when-clause reads it).
    item.contextValue = `account.${a.provider}.${a.environment}${jwtSigningOf(a)?.embedToken ? '.embed' : ''}`;
    item.resourceUri = vscode.Uri.from({ scheme: ACCOUNT_URI_SCHEME, path: `/${a.id}`, query: a.environment });
    item.iconPath = resultIcon(a.lastResult, this.testing.has(a.id));
    const spec = providerOfAccount(a);
    const env = spec.environments[a.environment].short;
    const secret = this.masked.get(a.id) ?? '••••••••';
    const feeds = this.envNames(a.id);
    item.description =
      `${env} · ${secret} · ${this.testing.has(a.id) ? 'testing…' : resultSummary(a.lastResult)}` +
      (feeds.length ? ` · feeds ${feeds.join(', ')}` : '');
    item.tooltip = this.tooltip(a, secret);
    item.accessibilityInformation = {
      label: `${spec.displayName} account ${a.label}, ${env}, ${resultSummary(a.lastResult, true)}`,
    };
    return item;
  }

  private tooltip(a: Account, secret: string): vscode.MarkdownString {
    const md = new vscode.MarkdownString('', true);
    md.supportThemeIcons = true;
    const spec = providerOfAccount(a);
    const env = a.environment === 'production' ? '$(warning) **production**' : a.environment;
    md.appendMarkdown(`**${escapeMd(a.label)}** · ${spec.displayName} · ${env}\n\n`);
    const id = spec.publicId(a);
    if (!id) md.appendMarkdown(`${spec.secretNoun} \`${secret}\`\n\n`);
    // Escaped text, not a code span: backslash escapes are shown literally inside backticks.
    for (const d of spec.details(a)) md.appendMarkdown(`${escapeMd(d.label)}: ${escapeMd(d.value)}\n\n`);
    if (id) md.appendMarkdown(`${id.name} \`${id.value}\`\n\n`);
    if (a.webhookSecrets)
      md.appendMarkdown(
        `$(radio-tower) Webhook secret stored${a.webhookSecrets > 1 ? ' (and the previous one: a rotation)' : ''}\n\n`,
      );
    const feeds = this.envNames(a.id);
    if (feeds.length) {
      const names = feeds.map((n) => `\`${n}\``).join(', ');
      md.appendMarkdown(`$(terminal) Feeds ${names} to this workspace's terminals and debug sessions\n\n`);
    }
    const r = a.lastResult;
    if (r) {
      md.appendMarkdown(`---\n\n${r.ok ? '$(pass-filled)' : '$(error)'} ${escapeMd(r.message)}\n\n`);
      if (r.advice) md.appendMarkdown(`${escapeMd(r.advice)}\n\n`);
      if (r.keyFacts) md.appendMarkdown(`$(key) ${escapeMd(r.keyFacts)}\n\n`);
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
