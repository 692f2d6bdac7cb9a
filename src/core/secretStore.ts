/** A listener registration that can be undone (VS Code's Disposable, structurally). */
export interface Disposable {
  dispose(): void;
}

/**
 * Where secrets live. In the editor this is VS Code's SecretStorage (the OS keychain); in unit tests
 * an in-memory map. Nothing else in the extension holds a secret at rest.
 */
export interface SecretStore {
  get(key: string): Promise<string | undefined>;
  store(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Fires with the key whose value changed (also for changes made by another window). */
  onDidChange(listener: (key: string) => void): Disposable;
}

/** Every key this extension writes starts with this, so its entries are easy to tell apart. */
export const SECRET_KEY_PREFIX = 'paymentApi.';

/** An in-memory {@link SecretStore}, for tests and the CLI. */
export class MemorySecretStore implements SecretStore {
  private readonly values = new Map<string, string>();
  private readonly listeners = new Set<(key: string) => void>();

  async get(key: string): Promise<string | undefined> {
    return this.values.get(key);
  }

  async store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    this.fire(key);
  }

  async delete(key: string): Promise<void> {
    if (this.values.delete(key)) this.fire(key);
  }

  onDidChange(listener: (key: string) => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(key: string): void {
    for (const l of this.listeners) l(key);
  }
}
