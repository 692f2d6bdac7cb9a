import type { ParseArgsConfig } from 'node:util';
import type { Account, ConnectionResult, Environment, Gr4vyTarget } from './accountTypes';
import type { HttpOptions } from '../http/request';
import type { SigningKey } from '../keys/privateKey';
import type { TokenOptions, TokenProfile } from '../jwt/profile';
import type { WebhookSpec } from './webhookSpec';
import type { RequestSpec } from './requestSpec';

/** A secret checked and put in the form we store, with what to tell the user about it. */
export interface PreparedSecret {
  value: string;
  /** Gr4vy only: the key read from it. */
  key?: SigningKey;
  /** For people: "PKCS#8 PEM, EC P-521 (ES512), kid …" or the masked token. */
  summary: string;
}

/** One answer of a field asked as a pick. */
export interface FieldChoice {
  label: string;
  description?: string;
  /** The text `parse` receives (empty: none). */
  value: string;
}

/** What a field's lookup may use: the answers so far and the entered secret, sent only to the provider. */
export interface FieldLookupContext {
  environment: Environment;
  fields: Record<string, unknown>;
  secret: string;
  opts: TestOptions;
}

/** A non-secret account setting the add flow asks for, in order, after the name and environment. */
export interface AccountFieldSpec {
  key: string;
  prompt: string;
  placeholder?: string;
  /** The value the input box starts with. */
  initial?: string;
  /** Validates and normalises the typed or picked text; throws an AppError naming the problem. */
  parse(input: string): unknown;
  /** Asked as a pick among these instead of an input box. */
  choices?: readonly FieldChoice[];
  /**
   * Reads the answers from the provider with the entered secret, so the field is asked after it:
   * a pick (with "None" and "Enter it…" beside), or undefined when the provider would not say (no
   * permission, offline), and the field is typed. Never throws.
   */
  lookup?(ctx: FieldLookupContext): Promise<FieldChoice[] | undefined>;
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

/** Where a key that does not name its own host would be tried: an instance and its environment (Gr4vy). */
export interface LiveInstance {
  instanceId: string;
  environment: Environment;
}

/**
 * How a provider whose keys do not name their host asks where to try one: the question in the
 * editor, the CLI flags, and the check of the answer.
 */
export interface InstanceQuestion {
  /** The CLI flags' stem: `--<flag>-instance ID`, `--<flag>-environment sandbox|production`. */
  flag: string;
  /** The editor's question: "The instance id this key belongs to (the <id> in …)". */
  prompt: string;
  /** Checks a typed instance id and returns it normalised; throws an AppError naming the problem. */
  validate(id: string): string;
}

/** The one read-only call a provider makes to check a secret, before the answer becomes a verdict. */
export interface LiveCall {
  method: 'GET';
  url: string;
  /** URLs tried next, in order, while the previous one answers 403 (a role-limited key: Gr4vy). */
  then?: readonly string[];
  /** Whether the secret works on production (money moves), when that is known. */
  production?: boolean;
  /** Makes the call. Never throws for network or HTTP failures. */
  run(opts: TestOptions): Promise<ConnectionResult>;
}

/** What a provider answers when asked to plan a check: the call, why it cannot, or that it needs an instance. */
export type LiveStep = LiveCall | { unsupported: string } | { needsInstance: true };

/**
 * A provider's "Is it live?" part: which scanner findings it can check, the call, and what a
 * refusal means for its API (shared verdict logic in liveness.ts reads the last two).
 */
export interface LiveSpec {
  /** Scanner rules whose findings this provider can check. */
  ruleIds: readonly string[];
  /** HTTP 401: the credential was refused ('rejected'), or it may not have arrived at all ('unknown'). */
  unauthorized: 'rejected' | 'unknown';
  /** HTTP 403: recognised but not allowed this call ('live'), or refused ('rejected'). */
  forbidden: 'live' | 'rejected';
  /** Present when its keys need an instance to be tried against (a plan then answers `needsInstance`). */
  instance?: InstanceQuestion;
  /** The call for one secret found by `ruleId`; `baseUrl` replaces the provider's own host. */
  plan(ruleId: string, secret: string, where: { baseUrl?: string; instance?: LiveInstance }): Promise<LiveStep>;
}

/** Option values as `node:util` parseArgs returns them. */
export type CliValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What `payapi test` lends a provider's part: the environment, standard input and the shared option readers. */
export interface CliTestInput {
  env: Record<string, string | undefined>;
  readStdin(): Promise<string>;
  /** Reads the key a `--key FILE` option names (`-`: standard input) with `read`; errors name the file. */
  readKey<K>(file: string, read: (text: string) => Promise<K>): Promise<K>;
  /** `--base-url`, `--timeout-ms` and the proxy from the environment; usage errors name the option. */
  requestOptions(values: CliValues): TestOptions;
}

/** A provider's part of `payapi test <id>`: its usage, its options, and how they become a connection test. */
export interface CliTestSpec {
  /** Its usage lines, starting `payapi test <id>`, continuation lines indented by six spaces. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /**
   * Reads the credential (from the environment, standard input or a file, never an argument) and
   * tests it. Throws an AppError for unusable input; never for network or HTTP failures.
   */
  test(values: CliValues, input: CliTestInput): Promise<ConnectionResult>;
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
  secretEntry: {
    kind: 'text' | 'keyFile';
    prompt: string;
    /** For a key file: the forms it may take, shown by the file choice ("PKCS#8 or SEC1 PEM, …"). */
    formats?: string;
  };
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
  /** A warning for when the account's secret is handed to programs (Gr4vy: the SDKs refuse RSA keys). */
  runtimeCaveat?(account: A): string | undefined;
  /** The scanner rule that finds this provider's credential by itself, if any. */
  secretRuleId?: string;
  /** Scanner rules whose findings can be saved as an account of this provider. */
  accountRuleIds: readonly string[];
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
  /** "Is it live?" for the credentials the scanner finds, when the provider can be asked. */
  live?: LiveSpec;
  /** `payapi test <id>`: its options and how they become a connection test. */
  cli: CliTestSpec;
  /** Sending `.http` requests with the account's credential, when the provider supports it. */
  requests?: RequestSpec<A>;
}

/**
 * A provider whose accounts sign JWTs: how its key is read and named, how its tokens are signed,
 * and what its tokens must carry (the JWT inspector, the hover, `payapi jwt`, Embed tokens).
 */
export interface JwtSigningSpec<A extends Account = Account> {
  /** The key id its tokens carry (the public key's thumbprint). */
  kid(account: A): string;
  /** The scopes its tokens and connection tests use. */
  scopes(account: A): string[];
  /** Where the account's key signs for, given the key read from secret storage. */
  target(account: A, key: SigningKey): Gr4vyTarget;
  /** Reads its private key from text (PEM or JWK); refusals say where the provider issues keys. */
  readKey(text: string): Promise<SigningKey>;
  /** Parses typed scopes ("a, b c"); throws an AppError naming a malformed one. */
  parseScopes(text: string): string[];
  /** Signs a token as the provider's SDKs do. */
  sign(key: SigningKey, opts?: TokenOptions): Promise<string>;
  /** Signs a fresh token with the claims of an old one (whose signature the caller has checked). */
  resign(
    key: SigningKey,
    oldToken: string,
    opts?: Omit<TokenOptions, 'scopes' | 'embed' | 'checkoutSessionId'>,
  ): Promise<string>;
  /** Whether pins given with these scopes would be left out of the token (as the SDKs do). */
  dropsEmbed(opts: Pick<TokenOptions, 'scopes' | 'embed'>): boolean;
  /** Creates a checkout session for the token to pin, when the provider has them. */
  createCheckoutSession?(
    target: Gr4vyTarget,
    opts: TestOptions,
  ): Promise<{ ok: true; id: string } | { ok: false; failure: ConnectionResult }>;
  /**
   * A browser token pinning `pins` (Embed), optionally tied to a new checkout session, when the
   * provider has them. Never throws for network or HTTP failures.
   */
  embedToken?: (
    target: Gr4vyTarget,
    pins: Record<string, unknown>,
    withCheckoutSession: boolean,
    opts: TestOptions,
  ) => Promise<{ ok: true; token: string; checkoutSessionId?: string } | { ok: false; failure: ConnectionResult }>;
  /** Its tokens' rules, for the inspector and the hover. */
  tokens: TokenProfile;
}

/**
 * A provider as "Is it live?" sees it: an account provider with a `live` part, or one known only
 * to "Is it live?" (Stripe), which has no accounts and is listed apart in registry.ts.
 */
export interface LiveProvider {
  id: string;
  displayName: string;
  /** The settings key that overrides the API base URL (untrusted workspaces ignore it). */
  baseUrlSetting: string;
  live: LiveSpec;
}

/** Narrows a draft field to a string (drafts come from prompts, tests and the CLI). */
export function draftString(draft: Record<string, unknown>, key: string): string {
  const v = draft[key];
  return typeof v === 'string' ? v : '';
}
