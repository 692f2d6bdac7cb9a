import type { Account, ProviderId } from './accountTypes';
import { unsupported } from '../errors';
import { mask } from '../mask';
import { GR4VY } from './gr4vy/spec';
import { HELCIM } from './helcim/spec';
import { STRIPE } from './stripe/spec';
import type { JwtSigningSpec, LiveProvider, ProviderSpec } from './types';
import type { WebhookSpec } from './webhookSpec';
import type { DecodedJwt } from '../jwt/decode';
import type { TokenProfile } from '../jwt/profile';

const registered: ProviderSpec[] = [HELCIM, GR4VY];

/**
 * Every provider, in the order the tree and the pickers list them. Adding one: a folder under
 * src/core/providers with its spec, and a line above.
 */
export const PROVIDERS: readonly ProviderSpec[] = registered;

/**
 * Adds a provider at run time, for tests (a fake third provider proves the code asks the registry).
 * Returns a function that removes it again. Throws when the id is taken.
 */
export function registerProvider(spec: ProviderSpec): () => void {
  if (registered.some((p) => p.id === spec.id)) throw new Error(`Provider ${spec.id} is already registered`);
  registered.push(spec);
  return () => unregisterProvider(spec.id);
}

/** Removes a provider added with registerProvider (tests). */
export function unregisterProvider(id: ProviderId): void {
  const i = registered.findIndex((p) => p.id === id);
  if (i >= 0) registered.splice(i, 1);
}

/**
 * Providers known only to "Is it live?": they have no accounts, so Add Account, the tree and
 * `payapi test` (which read PROVIDERS) never offer them.
 */
export const LIVE_ONLY_PROVIDERS: readonly LiveProvider[] = [STRIPE];

/** Every provider with an "Is it live?" check: the account providers first, then the live-only ones. */
export function liveProviders(): LiveProvider[] {
  const withAccounts = PROVIDERS.flatMap(({ id, displayName, baseUrlSetting, live }) =>
    live ? [{ id, displayName, baseUrlSetting, live }] : [],
  );
  return [...withAccounts, ...LIVE_ONLY_PROVIDERS];
}

/** The provider whose live check can check a finding of this scanner rule, if any. */
export function liveProviderForRule(ruleId: string): LiveProvider | undefined {
  return liveProviders().find((p) => p.live.ruleIds.includes(ruleId));
}

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

/** The providers that send webhooks, with their webhook part. */
export function providersWithWebhooks(): { spec: ProviderSpec; webhooks: WebhookSpec }[] {
  return PROVIDERS.flatMap((spec) => (spec.webhooks ? [{ spec, webhooks: spec.webhooks }] : []));
}

/** A provider's webhook part; throws an AppError (unsupported) when the provider sends no webhooks. */
export function webhooksOf(id: ProviderId): WebhookSpec {
  const spec = providerOf(id);
  if (!spec.webhooks) throw unsupported(`${spec.displayName} sends no webhooks`);
  return spec.webhooks;
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

/** The signing part of an account's provider; undefined when its accounts sign no JWTs. */
export function jwtSigningOf(account: Account): JwtSigningSpec | undefined {
  return providerOfAccount(account).jwt;
}

/** The providers whose accounts sign JWTs, with their signing part, in registry order. */
export function jwtSigners(): { spec: ProviderSpec; jwt: JwtSigningSpec }[] {
  return PROVIDERS.flatMap((spec) => (spec.jwt ? [{ spec, jwt: spec.jwt }] : []));
}

/** The rules of the provider whose token this is, recognised by its claims; undefined for any other JWT. */
export function tokenProfileOf(t: Pick<DecodedJwt, 'payload'>): TokenProfile | undefined {
  return jwtSigners().find(({ jwt }) => jwt.tokens.matches(t.payload))?.jwt.tokens;
}

/** "Gr4vy": the providers whose accounts sign JWTs, named for messages ("… is not a Gr4vy account"). */
export function jwtSigningProviderNames(): string {
  return PROVIDERS.flatMap((p) => (p.jwt ? [p.displayName] : [])).join(' or ');
}
