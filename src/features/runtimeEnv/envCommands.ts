import * as vscode from 'vscode';
import type { AccountStore } from '../../core/accounts/store';
import type { Account } from '../../core/providers/accountTypes';
import type { Logger } from '../../core/logger';
import { providerOfAccount } from '../../core/providers/registry';
import { type EnvMapping, type EnvMappingStore, describePart, validateEnvName } from '../../core/runtimeEnv/mappings';
import type { Prompts } from '../accounts/prompts';
import type { SecretInjector } from './injector';
import { validator } from '../accounts/addAccountFlow';

export interface EnvCommandDeps {
  store: AccountStore;
  mappings: EnvMappingStore;
  injector: SecretInjector;
  log: Logger;
  prompts: () => Prompts;
}

const TITLE = 'Secrets at Run Time';

/** The one-time go for production accounts in this workspace; true when given (now or before). */
export async function confirmProduction(deps: EnvCommandDeps, account: Account): Promise<boolean> {
  if (account.environment !== 'production' || deps.mappings.read().productionConfirmed) return true;
  const ok = await deps
    .prompts()
    .confirm(
      `Inject the production account “${account.label}” into this workspace's terminals and debug sessions?`,
      'Programs started here will be able to move real money with it. You are asked once per workspace.',
      'Inject Production Secrets',
    );
  if (ok) await deps.mappings.confirmProduction();
  return ok;
}

/** A free variable name near `wanted`: `wanted` itself if it is unmapped or already feeds this account's part. */
export function freeName(mappings: readonly EnvMapping[], wanted: string, accountId: string, part: string): string {
  const taken = (n: string) => mappings.some((m) => m.name === n && (m.accountId !== accountId || m.part !== part));
  let name = wanted;
  for (let i = 2; taken(name); i++) name = `${wanted}_${i}`;
  return name;
}

/**
 * Feeds `name` from the account's secret, after the production go if needed; then offers the
 * provider's companions (Gr4vy: GR4VY_ID, GR4VY_ENVIRONMENT, GR4VY_MERCHANT_ACCOUNT_ID). Returns the
 * name used, or undefined when the user declined.
 */
export async function feedFromAccount(
  deps: EnvCommandDeps,
  account: Account,
  name: string,
  opts: { offerCompanions: boolean },
): Promise<string | undefined> {
  if (!(await confirmProduction(deps, account))) return undefined;
  await deps.mappings.set({ name, accountId: account.id, part: 'secret' });
  const caveat = providerOfAccount(account).runtimeCaveat?.(account);
  if (caveat) {
    deps.log.warn(caveat);
    void vscode.window.showWarningMessage(caveat);
  }
  const companions = providerOfAccount(account).envCompanions.filter((c) => c.value(account as never));
  if (opts.offerCompanions && companions.length) {
    const names = companions.map((c) => c.name).join(', ');
    const add = await deps.prompts().pick(
      [
        {
          label: `Also set ${names}`,
          description: 'not secret: what an SDK client needs besides the key',
          value: true,
        },
        { label: `Only ${name}`, value: false },
      ],
      { title: TITLE, placeholder: `${providerOfAccount(account).displayName} clients also read these` },
    );
    if (add) {
      for (const c of companions) {
        const n = freeName(deps.mappings.read().mappings, c.name, account.id, c.part);
        await deps.mappings.set({ name: n, accountId: account.id, part: c.part });
      }
    }
  }
  await deps.injector.apply();
  deps.log.info(`${name} now comes from the account “${account.label}” (terminals and debug sessions)`);
  return name;
}

async function pickAccount(deps: EnvCommandDeps, placeholder: string): Promise<Account | undefined> {
  const accounts = deps.store.list();
  if (!accounts.length) {
    void vscode.window.showInformationMessage('Add an account first: mapped variables are read from accounts.');
    return undefined;
  }
  return deps.prompts().pick(
    accounts.map((a) => ({
      label: a.label,
      description: `${providerOfAccount(a).displayName} · ${a.environment}`,
      value: a,
    })),
    { title: TITLE, placeholder },
  );
}

async function pickMapping(deps: EnvCommandDeps, placeholder: string): Promise<EnvMapping | undefined> {
  const { mappings } = deps.mappings.read();
  if (!mappings.length) {
    void vscode.window.showInformationMessage('No environment variable is fed from an account in this workspace.');
    return undefined;
  }
  return deps.prompts().pick(
    mappings.map((m) => {
      const a = deps.store.get(m.accountId);
      return {
        label: m.name,
        description: a ? `${describePart(a, m.part)} of “${a.label}”` : 'its account was removed',
        value: m,
      };
    }),
    { title: TITLE, placeholder },
  );
}

/** The commands that add, change and remove mappings and turn injection on and off. */
export function envCommands(deps: EnvCommandDeps) {
  return {
    async mapVariable(arg?: unknown): Promise<string | undefined> {
      const id = typeof arg === 'object' && arg && 'account' in arg ? (arg as { account: Account }).account.id : '';
      const account = deps.store.get(id) ?? (await pickAccount(deps, 'Which account feeds the variable?'));
      if (!account) return undefined;
      const spec = providerOfAccount(account);
      const suggested = freeName(deps.mappings.read().mappings, spec.envVar, account.id, 'secret');
      const name = await deps.prompts().input({
        title: TITLE,
        prompt: `The variable that gets ${describePart(account, 'secret')} of “${account.label}”`,
        value: suggested,
        validate: validator((v) => validateEnvName(v)),
      });
      if (!name) return undefined;
      return feedFromAccount(deps, account, validateEnvName(name), { offerCompanions: true });
    },
    async changeMapping(): Promise<void> {
      const m = await pickMapping(deps, 'Which variable should come from another account?');
      if (!m) return;
      const account = await pickAccount(deps, `Which account feeds ${m.name} now?`);
      if (!account || !(await confirmProduction(deps, account))) return;
      await deps.mappings.set({ ...m, accountId: account.id, part: m.part === 'secret' ? 'secret' : m.part });
      await deps.injector.apply();
    },
    async removeMapping(): Promise<void> {
      const m = await pickMapping(deps, 'Which variable should no longer be injected?');
      if (!m) return;
      await deps.mappings.remove([m.name]);
      await deps.injector.apply();
    },
    async setEnabled(enabled: boolean): Promise<void> {
      await deps.mappings.setEnabled(enabled);
      await deps.injector.apply();
      void vscode.window.showInformationMessage(
        enabled
          ? 'Secrets from accounts are injected into new terminals and debug sessions of this workspace again.'
          : 'Secret injection is off: new terminals and debug sessions get no secret from Payment API Toolkit.',
      );
    },
  };
}
