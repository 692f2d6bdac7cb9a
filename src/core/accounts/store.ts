import { randomUUID } from 'node:crypto';
import { Mutex } from '../async';
import { AppError, ErrorCodes } from '../errors';
import type { SigningKey } from '../keys/privateKey';
import { PROVIDERS, providerOf } from '../providers/registry';
import type { PreparedSecret } from '../providers/types';
import { type Disposable, SECRET_KEY_PREFIX, type SecretStore } from '../secretStore';
import type { Account, AccountDraft, AccountScope, ConnectionResult, ProviderId } from '../providers/accountTypes';
import { validateLabel } from './validate';
import { validateWebhookSecret } from '../webhooks/secrets';

/** Non-secret key-value state (VS Code's Memento, structurally). */
export interface StateStore {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

const ACCOUNTS_KEY = 'paymentApi.accounts';
const ACTIVE_KEY = 'paymentApi.activeAccountId';

/** The SecretStorage key of an account's secret. */
export function secretKeyOf(accountId: string): string {
  return `${SECRET_KEY_PREFIX}account.${accountId}`;
}

/** The SecretStorage key of an account's webhook secret: slot 0 the current one, 1 the previous (rotation). */
export function webhookSecretKeyOf(accountId: string, slot: 0 | 1): string {
  return `${SECRET_KEY_PREFIX}account.${accountId}.webhook.${slot}`;
}

/**
 * Validates a pasted secret for `provider` and returns it in stored form (Helcim: the trimmed
 * token; Gr4vy: the key as PKCS#8 PEM). Throws an AppError naming the problem.
 */
export async function prepareSecret(provider: ProviderId, input: string): Promise<PreparedSecret> {
  return providerOf(provider).prepareSecret(input);
}

/**
 * Provider accounts: settings in global or workspace state, each secret in the {@link SecretStore}
 * under its own key. Input is validated before anything is written; a secret is written before the
 * settings that point at it, and removed after them.
 */
export class AccountStore {
  private readonly mutex = new Mutex();
  private readonly listeners = new Set<() => void>();
  /** Secrets seen by this store, for redacting logs; never persisted. */
  private readonly seen = new Map<string, string[]>();

  constructor(
    private readonly global: StateStore,
    private readonly workspace: StateStore,
    private readonly secrets: SecretStore,
  ) {}

  /** All accounts, global ones first, each group in the order added. */
  list(): Account[] {
    return [...this.read('global'), ...this.read('workspace')];
  }

  get(id: string): Account | undefined {
    return this.list().find((a) => a.id === id);
  }

  /** Like {@link get}, but throws ERR_NOT_FOUND. */
  require(id: string): Account {
    const a = this.get(id);
    if (!a)
      throw new AppError(ErrorCodes.notFound, 'That account no longer exists', {
        advice: 'It may have been removed in another window.',
      });
    return a;
  }

  /** Validates `draft`, stores its secret, then its settings. Returns the account and a summary of the secret. */
  async add(draft: AccountDraft): Promise<{ account: Account; summary: string }> {
    const label = validateLabel(draft.label);
    const spec = providerOf(draft.provider);
    const prepared = await spec.prepareSecret(draft.secret);
    const common = {
      id: randomUUID(),
      label,
      scope: draft.scope,
      environment: draft.environment,
      createdAt: new Date().toISOString(),
    };
    const account = spec.accountFrom(common, draft, prepared);
    await this.mutex.run(async () => {
      await this.secrets.store(secretKeyOf(account.id), prepared.value);
      this.remember(account.id, prepared.value);
      try {
        await this.write(account.scope, [...this.read(account.scope), account]);
      } catch (e) {
        await this.secrets.delete(secretKeyOf(account.id));
        throw e;
      }
    });
    this.fire();
    return { account, summary: prepared.summary };
  }

  async rename(id: string, label: string): Promise<Account> {
    const clean = validateLabel(label);
    return this.updateAccount(id, (a) => ({ ...a, label: clean }));
  }

  /** Rotation: validates the new secret, stores it, and clears the last test result. */
  async replaceSecret(id: string, secret: string): Promise<{ account: Account; summary: string }> {
    const current = this.require(id);
    const prepared = await prepareSecret(current.provider, secret);
    await this.secrets.store(secretKeyOf(id), prepared.value);
    this.remember(id, prepared.value);
    const account = await this.updateAccount(id, (a) => {
      const { lastResult: _drop, ...rest } = a;
      return providerOf(a.provider).withSecret(rest, prepared);
    });
    return { account, summary: prepared.summary };
  }

  async recordResult(id: string, result: ConnectionResult): Promise<void> {
    if (!this.get(id)) return;
    await this.updateAccount(id, (a) => ({ ...a, lastResult: result }));
  }

  /** Removes the settings, then the secret. */
  async remove(id: string): Promise<void> {
    const a = this.require(id);
    await this.mutex.run(async () => {
      await this.write(
        a.scope,
        this.read(a.scope).filter((x) => x.id !== id),
      );
      await this.secrets.delete(secretKeyOf(id));
      for (const slot of [0, 1] as const) await this.secrets.delete(webhookSecretKeyOf(id, slot));
    });
    this.seen.delete(id);
    this.seen.delete(`${id}:webhook`);
    if (this.global.get<string>(ACTIVE_KEY) === id) await this.global.update(ACTIVE_KEY, undefined);
    this.fire();
  }

  /** The stored secret; throws ERR_NOT_FOUND when SecretStorage no longer has it. */
  async readSecret(id: string): Promise<string> {
    const a = this.require(id);
    const v = await this.secrets.get(secretKeyOf(id));
    if (v === undefined) {
      throw new AppError(ErrorCodes.notFound, `The secret of "${a.label}" is missing from VS Code's secret storage`, {
        advice: 'Use "Replace Secret" to enter it again (the OS keychain may have been reset).',
      });
    }
    this.remember(id, v);
    return v;
  }

  /**
   * Stores an account's webhook secrets (validated): the current one, and during a rotation the
   * previous one; an empty list removes them.
   */
  async setWebhookSecrets(id: string, values: readonly string[]): Promise<Account> {
    const a = this.require(id);
    const clean = values.slice(0, 2).map((v) => validateWebhookSecret(a.provider, v));
    for (const slot of [0, 1] as const) {
      const v = clean[slot];
      if (v === undefined) await this.secrets.delete(webhookSecretKeyOf(id, slot));
      else await this.secrets.store(webhookSecretKeyOf(id, slot), v);
    }
    this.seen.set(`${id}:webhook`, clean);
    return this.updateAccount(id, (x) => {
      const { webhookSecrets: _n, ...rest } = x;
      return clean.length ? { ...rest, webhookSecrets: clean.length } : rest;
    });
  }

  /** The webhook secrets, current first; empty when none is stored. */
  async readWebhookSecrets(id: string): Promise<string[]> {
    this.require(id);
    const out: string[] = [];
    for (const slot of [0, 1] as const) {
      const v = await this.secrets.get(webhookSecretKeyOf(id, slot));
      if (v !== undefined) out.push(v);
    }
    if (out.length) this.seen.set(`${id}:webhook`, out);
    return out;
  }

  /** The stored private key of an account whose provider signs JWTs, parsed by that provider. */
  async readSigningKey(id: string): Promise<SigningKey> {
    const account = this.require(id);
    const jwt = providerOf(account.provider).jwt;
    if (!jwt) throw new AppError(ErrorCodes.invalidInput, `“${account.label}” has no signing key`);
    return jwt.readKey(await this.readSecret(id));
  }

  /** Loads every stored secret into the redaction list (call once, off the activation path). */
  async warmUp(): Promise<void> {
    await Promise.all(
      this.list().flatMap((a) => [
        this.readSecret(a.id).catch(() => undefined),
        this.readWebhookSecrets(a.id).catch(() => undefined),
      ]),
    );
  }

  /** Every secret value this store has seen, and its obvious parts, for log redaction. */
  knownSecrets(): string[] {
    return [...this.seen.values()].flat();
  }

  activeId(): string | undefined {
    const id = this.global.get<string>(ACTIVE_KEY);
    return id && this.get(id) ? id : undefined;
  }

  async setActive(id: string | undefined): Promise<void> {
    if (id !== undefined) this.require(id);
    await this.global.update(ACTIVE_KEY, id);
    this.fire();
  }

  onDidChange(listener: () => void): Disposable {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Tells listeners that something changed outside this store (another window, the keychain). */
  fire(): void {
    for (const l of this.listeners) l();
  }

  private remember(id: string, value: string): void {
    const parts = [value];
    // The first BEGIN line and the END after it (a lazy `[\s\S]*?` from every BEGIN is quadratic).
    const begin = /-----BEGIN [A-Z ]+-----/.exec(value);
    const bodyStart = begin ? begin.index + begin[0].length : -1;
    const endAt = begin ? value.indexOf('-----END', bodyStart) : -1;
    const body = endAt >= 0 ? value.slice(bodyStart, endAt) : undefined;
    if (body) parts.push(body.replace(/\s+/g, ''), ...body.split(/\s+/).filter((l) => l.length >= 32));
    this.seen.set(id, parts);
  }

  private async updateAccount(id: string, change: (a: Account) => Account): Promise<Account> {
    const updated = await this.mutex.run(async () => {
      const a = this.require(id);
      const next = change(a);
      await this.write(
        a.scope,
        this.read(a.scope).map((x) => (x.id === id ? next : x)),
      );
      return next;
    });
    this.fire();
    return updated;
  }

  private read(scope: AccountScope): Account[] {
    const raw = (scope === 'global' ? this.global : this.workspace).get<unknown>(ACCOUNTS_KEY);
    return Array.isArray(raw) ? raw.filter(isAccount).map((a) => ({ ...a, scope })) : [];
  }

  private async write(scope: AccountScope, accounts: Account[]): Promise<void> {
    await (scope === 'global' ? this.global : this.workspace).update(ACCOUNTS_KEY, accounts);
  }
}

/** State written by another version may be malformed: keep what still checks out. */
function isAccount(v: unknown): v is Account {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const common =
    typeof o.id === 'string' &&
    typeof o.label === 'string' &&
    (o.environment === 'sandbox' || o.environment === 'production');
  if (!common) return false;
  return PROVIDERS.some((p) => p.id === o.provider && p.isStored(o));
}
