import type * as vscode from 'vscode';
import type { Disposable, SecretStore } from '../core/secretStore';

/** {@link SecretStore} over VS Code's SecretStorage (the OS keychain, per extension). */
export class VsCodeSecretStore implements SecretStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async get(key: string): Promise<string | undefined> {
    return this.secrets.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    await this.secrets.store(key, value);
  }

  async delete(key: string): Promise<void> {
    await this.secrets.delete(key);
  }

  onDidChange(listener: (key: string) => void): Disposable {
    return this.secrets.onDidChange((e) => listener(e.key));
  }
}
