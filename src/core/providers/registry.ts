import type { Account, ProviderId } from './accountTypes';
import { mask } from '../mask';
import { GR4VY } from './gr4vy/spec';
import { HELCIM } from './helcim/spec';
import type { ProviderSpec } from './types';

/** Every provider, in the order the tree and the pickers list them. Adding one: a module and a line here. */
export const PROVIDERS: readonly ProviderSpec[] = [HELCIM, GR4VY];

/** The spec of a provider; the type of `Account` it is called with is the caller's promise. */
export function providerOf(id: ProviderId): ProviderSpec {
  const spec = PROVIDERS.find((p) => p.id === id);
  if (!spec) throw new Error(`Unknown provider ${String(id)}`);
  return spec;
}

/** The spec of an account's provider. */
export function providerOfAccount(account: Account): ProviderSpec {
  return providerOf(account.provider);
}

/** The provider whose accounts can hold what a scanner rule finds (the "save as account" quick fix). */
export function providerForRule(ruleId: string): ProviderSpec | undefined {
  return PROVIDERS.find((p) => p.accountRuleIds.includes(ruleId));
}

/** The provider whose own credential a scanner rule finds (Helcim for helcim-api-token). */
export function providerOwningRule(ruleId: string): ProviderSpec | undefined {
  return PROVIDERS.find((p) => p.secretRuleId === ruleId);
}

/** "your production Helcim api-token “Shop”": how a stored secret is named when it is found in a file. */
export function describeStoredSecret(account: Account): string {
  const spec = providerOfAccount(account);
  return `your ${account.environment} ${spec.displayName} ${spec.secretNoun} “${account.label}”`;
}

/**
 * What identifies an account's credential without revealing it: its public id (Gr4vy: "kid …")
 * or the masked secret ("api-token ••••••••abcd"); "api-token missing" when the secret is gone.
 */
export function maskedIdentity(account: Account, secret: string | undefined): string {
  const spec = providerOfAccount(account);
  const id = spec.publicId(account);
  if (id) return `${id.name} ${id.value}`;
  return `${spec.secretNoun} ${secret === undefined ? 'missing' : mask(secret)}`;
}
