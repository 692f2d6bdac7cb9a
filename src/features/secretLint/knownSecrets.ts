import type * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import { describeStoredSecret, providerOfAccount } from '../../core/providers/registry';
import type { KnownSecret } from '../../core/scanner/scan';

/**
 * The values of the stored accounts, to be found in any file. Re-read only when accounts are added,
 * removed or renamed, or a secret changes (test results also change the store and are ignored).
 */
export class KnownSecrets {
  private list: KnownSecret[] = [];
  private signature = '';

  constructor(
    private readonly store: AccountStore,
    private readonly onRefreshed: () => void,
  ) {}

  get current(): readonly KnownSecret[] {
    return this.list;
  }

  /** Subscribes to the store and to secret storage; reads the secrets once now. */
  watch(secrets: vscode.SecretStorage): vscode.Disposable[] {
    void this.refresh(true);
    return [this.store.onDidChange(() => void this.refresh()), secrets.onDidChange(() => void this.refresh(true))];
  }

  async refresh(force = false): Promise<void> {
    const signature = this.store
      .list()
      .map((a) => `${a.id}\0${a.label}\0${a.environment}`)
      .join('\n');
    if (!force && signature === this.signature) return;
    this.signature = signature;
    const list: KnownSecret[] = [];
    for (const a of this.store.list()) {
      try {
        list.push({ value: await this.store.readSecret(a.id), accountId: a.id, description: describeStoredSecret(a) });
        const noun = providerOfAccount(a).webhooks?.webhookSecretNoun ?? 'webhook secret';
        for (const value of await this.store.readWebhookSecrets(a.id))
          list.push({ value, description: `the ${noun} of “${a.label}”` });
      } catch {
        /* a missing secret is reported by the accounts view */
      }
    }
    this.list = list;
    this.onRefreshed();
  }
}
