import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { providerOfAccount } from '../../core/providers/registry';
import { createStatusItem } from '../../host/statusItem';
import { Commands } from '../../ids';
import { resultSummary } from './accountsTree';

/** Shows the active account; warning colours when it is a production account. */
export function createActiveAccountStatus(store: AccountStore): vscode.Disposable {
  return createStatusItem(
    {
      id: 'paymentApi.activeAccount',
      name: 'Payment API: Active Account',
      command: Commands.selectActiveAccount,
      priority: 50,
    },
    (update) => [store.onDidChange(update)],
    () => {
      const id = store.activeId();
      const a = id ? store.get(id) : undefined;
      if (!a) return undefined;
      const production = a.environment === 'production';
      return {
        text: `${production ? '$(warning)' : '$(credit-card)'} ${a.label}${production ? ' (production)' : ''}`,
        backgroundColor: production ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined,
        tooltip:
          `Active payment account: ${a.label} (${providerOfAccount(a).displayName}, ${a.environment}), ` +
          `${resultSummary(a.lastResult, true)}. Click to change.`,
        accessibilityInformation: { label: `Active payment account ${a.label}, ${a.environment}` },
      };
    },
  );
}
