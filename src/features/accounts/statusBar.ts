import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { providerOfAccount } from '../../core/providers/registry';
import { Commands } from '../../ids';
import { resultSummary } from './accountsTree';

/** Shows the active account; warning colours when it is a production account. */
export function createActiveAccountStatus(store: AccountStore): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('paymentApi.activeAccount', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Payment API: Active Account';
  item.command = Commands.selectActiveAccount;
  const update = () => {
    const id = store.activeId();
    const a = id ? store.get(id) : undefined;
    if (!a) {
      item.hide();
      return;
    }
    const production = a.environment === 'production';
    item.text = `${production ? '$(warning)' : '$(credit-card)'} ${a.label}${production ? ' (production)' : ''}`;
    item.backgroundColor = production ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.tooltip =
      `Active payment account: ${a.label} (${providerOfAccount(a).displayName}, ${a.environment}), ` +
      `${resultSummary(a.lastResult, true)}. Click to change.`;
    item.accessibilityInformation = { label: `Active payment account ${a.label}, ${a.environment}` };
    item.show();
  };
  update();
  const sub = store.onDidChange(update);
  return {
    dispose: () => {
      sub.dispose();
      item.dispose();
    },
  };
}
