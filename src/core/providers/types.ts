import type { Account, ConnectionResult, Environment, Gr4vyTarget } from './accountTypes';
import type { HttpOptions } from '../http/request';
import type { SigningKey } from '../keys/privateKey';
import type { WebhookSpec } from './webhookSpec';

/** A secret checked and put in the form we store, with what to tell the user about it. */
export interface PreparedSecret {
  value: string;
  /** Gr4vy only: the key read from it. */
  key?: SigningKey;
  /** For people: "PKCS#8 PEM, EC P-521 (ES512), kid …" or the masked token. */
  summary: string;
}

/** A non-secret account setting the add flow asks for, in order, after the name and environment. */
export interface AccountFieldSpec {
  key: string;
  prompt: string;
  placeholder?: string;
  /** The value the input box starts with. */
  initial?: string;
  /** Validates and normalises the typed text; throws an AppError naming the problem. */
  parse(input: string): unknown;
}

/** The URL and headers of a request (the only place a credential is put into one). */
export interface ConnectionRequest {
  url: string;
  headers: Record<string, string>;
}

/** How a connection test is shaped by settings: timeout, proxy, and a base URL per provider. */
export interface TestOptions extends HttpOptions {
  baseUrl?: string;
  clock?: () => Date;
}

/** A non-secret account setting handed to programs as an environment variable. */
export interface EnvCompanion<A extends Account = Account> {
  /** Stable id, kept in workspace state with the mapping. */
  part: string;
  /** The conventional variable name: `GR4VY_ID`. */
  name: string;
  /** For people: "instance id". */
  label: string;
  value(account: A): string | undefined;
}

/**
 * Everything the extension knows about one provider. Adapters, the CLI, the tree, the quick fixes
 * and the curl snippet read it from here; adding a provider is one module exporting one of these,
 * listed in registry.ts.
 */
export interface ProviderSpec<A extends Account = Account> {
  id: A['provider'];
  displayName: string;
  /** What its credential is called: "api-token", "private key". */
  secretNoun: string;
  /** One line for the provider pick in the add flow. */
  summary: string;
  /** A codicon name for the provider's node in the Accounts view. */
  icon: string;
  /**
   * How the secret is entered: typed or pasted into a password box ('text'), or also read from a
   * file ('keyFile', for keys). `prompt` says where it comes from.
   */
  secretEntry: { kind: 'text' | 'keyFile'; prompt: string };
  /** How the provider names its environments, for picks and the tree. */
  environments: Record<Environment, { label: string; description: string; short: string }>;
  /** The account's own non-secret settings (Gr4vy: instance id, merchant account, scopes). */
  fields: readonly AccountFieldSpec[];
  /** Scopes for connection tests and signed tokens when none are given (providers with scopes). */
  defaultScopes?: readonly string[];
  /** The environment variable that conventionally holds the credential. */
  envVar: string;
  /**
   * Non-secret settings a client of this provider also reads from the environment (Gr4vy: instance
   * id, environment, merchant account), offered next to the credential when secrets are injected.
   */
  envCompanions: readonly EnvCompanion<A>[];
  /** The scanner rule that finds this provider's credential by itself, if any. */
  secretRuleId?: string;
  /** Scanner rules whose findings can be saved as an account of this provider. */
  accountRuleIds: readonly string[];
  /** Where a leaked credential is disabled or regenerated, when one page serves every account (rotate quick fix). */
  rotationUrl?: string;
  /** The settings key that overrides the API base URL (untrusted workspaces ignore it). */
  baseUrlSetting: string;
  defaultBaseUrl(account: A): string;
  /** Where to revoke or regenerate the account's credential, and the menu path to it. */
  dashboard(account: A): { url: string; where: string };
  /** The account's non-secret settings, as label and value pairs, for tooltips. */
  details(account: A): { label: string; value: string }[];
  /** A public id shown instead of the (masked) secret, when the provider has one (Gr4vy: the kid). */
  publicId(account: A): { name: string; value: string } | undefined;
  /** Checks pasted secret text and returns it in stored form; throws an AppError naming the problem. */
  prepareSecret(input: string): Promise<PreparedSecret>;
  /** The account with the non-secret facts derived from its secret (Gr4vy: kid and key format). */
  withSecret(account: A, prepared: PreparedSecret): A;
  /** Whether stored state (written by any version) still holds a usable account of this provider. */
  isStored(o: Record<string, unknown>): boolean;
  /** Builds an account from a validated draft's common part and provider fields. */
  accountFrom(common: Omit<A, 'provider'>, draft: Record<string, unknown>, prepared: PreparedSecret): A;
  /** The connection-test request with `credential` (a token, or a bearer JWT) in place. */
  connectionRequest(account: A, credential: string, baseUrl?: string): ConnectionRequest;
  /** What stands for the credential in a masked curl command. */
  maskedCredential(account: A, maskedSecret: string): string;
  /** Tests the stored secret against the API. Never throws for network or HTTP failures. */
  testConnection(account: A, secret: string, opts: TestOptions): Promise<ConnectionResult>;
  /** Its webhooks: secret, verification, signing, a sample event; null when it sends none. */
  webhooks: WebhookSpec | null;
  /** Its accounts sign JWTs with their stored key (the JWT inspector, Embed tokens); absent when not. */
  jwt?: JwtSigningSpec<A>;
}

/** How an account of a provider whose accounts sign JWTs names its key and where the key signs for. */
export interface JwtSigningSpec<A extends Account = Account> {
  /** The key id its tokens carry (the public key's thumbprint). */
  kid(account: A): string;
  /** The scopes its tokens and connection tests use. */
  scopes(account: A): string[];
  /** Where the account's key signs for, given the key read from secret storage. */
  target(account: A, key: SigningKey): Gr4vyTarget;
}

/** Narrows a draft field to a string (drafts come from prompts, tests and the CLI). */
export function draftString(draft: Record<string, unknown>, key: string): string {
  const v = draft[key];
  return typeof v === 'string' ? v : '';
}
