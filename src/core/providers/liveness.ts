import type { ConnectionResult, Environment } from './accountTypes';
import { isAppError } from '../errors';
import { withoutTrailingSlashes } from '../http/request';
import { signGr4vyToken } from '../jwt/sign';
import { readSigningKey } from '../keys/privateKey';
import { TOOL_ID } from '../version';
import { gr4vyBaseUrl, gr4vyConnectionTest, GR4VY_ADVICE } from './gr4vy/connection';
import { helcimConnectionTest, HELCIM_ADVICE } from './helcim/connection';
import { type ProviderAdvice, messagesOf, runConnectionTest } from './outcome';
import type { TestOptions } from './types';

/** "Is it live?": the provider accepted the secret, refused it, or we cannot tell. */
export type LiveVerdict = 'live' | 'rejected' | 'unknown';

export interface LiveResult {
  verdict: LiveVerdict;
  /** The connection outcome behind the verdict (`connected`, `forbidden`, `timeout`, `dns`…). */
  reason: string;
  /** One line for people; never holds the secret. */
  message: string;
  /** Whether the secret works on production (money moves), when that is known. */
  production?: boolean;
}

/** Where a Gr4vy key would be tried: its instance and environment (not in the key itself). */
export interface Gr4vyInstance {
  instanceId: string;
  environment: Environment;
}

/** Base URLs to call instead of the providers' own (tests, proxies of record). */
export interface LiveBaseUrls {
  helcim?: string;
  gr4vy?: string;
  stripe?: string;
}

/** The one read-only call a check makes, shown to the user before it is made. */
export interface LivePlan {
  provider: 'Helcim' | 'Gr4vy' | 'Stripe';
  method: 'GET';
  url: string;
  production?: boolean;
  /** Makes the call and classifies the answer. Never throws for network or HTTP failures. */
  run(opts: TestOptions): Promise<LiveResult>;
}

export const STRIPE_DEFAULT_BASE_URL = 'https://api.stripe.com';

const STRIPE_ADVICE: ProviderAdvice = {
  name: 'Stripe',
  errorText: (body) =>
    body && typeof body === 'object'
      ? messagesOf((body as { error?: { message?: unknown } }).error?.message)
      : undefined,
  unauthorized: { message: 'Stripe rejected the key', advice: 'The key is revoked or was never valid.' },
  forbidden: { message: 'Stripe accepted the key but it may not read the balance', advice: '' },
  notFound: 'Nothing answered at /v1/balance: check the base URL.',
};

/** Rules whose findings can be checked, and what each needs. */
const CHECKABLE = new Set([
  'helcim-api-token',
  'stripe-secret-key',
  'stripe-restricted-key',
  'private-key-pem',
  'private-key-jwk',
]);

/** Whether a finding of this rule can be checked at all (private keys only if they turn out to be Gr4vy keys). */
export function isCheckableRule(ruleId: string): boolean {
  return CHECKABLE.has(ruleId);
}

/**
 * How the answer decides: 2xx is live; a refusal of the credential is rejected; anything else
 * (timeout, unreachable host, server error, rate limit) cannot tell. A 403 means the credential was
 * recognised but not allowed this call: live for Stripe's restricted keys and Gr4vy's keys.
 */
function verdictOf(r: ConnectionResult, provider: LivePlan['provider'], production?: boolean): LiveResult {
  const base = { reason: r.outcome, production };
  const prod = production ? ' on production' : '';
  if (r.ok)
    return { ...base, verdict: 'live', message: `LIVE: ${provider} accepted this secret${prod}. Rotate it now.` };
  if (r.outcome === 'forbidden' && provider !== 'Helcim')
    return {
      ...base,
      verdict: 'live',
      message: `LIVE: ${provider} recognised this secret${prod} (it may not make this call, HTTP 403). Rotate it now.`,
    };
  if (r.outcome === 'forbidden' || (r.outcome === 'unauthorized' && provider !== 'Helcim'))
    return { ...base, verdict: 'rejected', message: `Rejected: ${provider} refused this secret (${r.message}).` };
  const why =
    r.outcome === 'timeout'
      ? `no answer in time (${r.message})`
      : ['dns', 'connectionFailed', 'tls', 'proxy'].includes(r.outcome)
        ? `${provider} could not be reached (${r.message})`
        : r.message;
  return { ...base, verdict: 'unknown', message: `Unknown: ${why}. Nothing was learnt about the secret.` };
}

/**
 * The check for one secret, or a reason it cannot be checked. A Gr4vy key needs its instance;
 * `needsGr4vyInstance` says so and the caller asks the user.
 */
export async function planLiveCheck(
  ruleId: string,
  secret: string,
  where: { baseUrls?: LiveBaseUrls; gr4vy?: Gr4vyInstance } = {},
): Promise<LivePlan | { unsupported: string } | { needsGr4vyInstance: true }> {
  const bases = where.baseUrls ?? {};
  if (ruleId === 'helcim-api-token') {
    const req = helcimConnectionTest(secret, bases.helcim);
    return {
      provider: 'Helcim',
      method: 'GET',
      url: req.url,
      production: true,
      run: async (opts) => verdictOf(await runConnectionTest(HELCIM_ADVICE, req, [secret], opts), 'Helcim', true),
    };
  }
  if (ruleId === 'stripe-secret-key' || ruleId === 'stripe-restricted-key') {
    const production = /^(?:sk|rk)_live_/.test(secret);
    const url = `${withoutTrailingSlashes(bases.stripe ?? STRIPE_DEFAULT_BASE_URL)}/v1/balance`;
    const req = {
      url,
      headers: { accept: 'application/json', authorization: `Bearer ${secret}`, 'user-agent': TOOL_ID },
    };
    return {
      provider: 'Stripe',
      method: 'GET',
      url,
      production,
      run: async (opts) => verdictOf(await runConnectionTest(STRIPE_ADVICE, req, [secret], opts), 'Stripe', production),
    };
  }
  if (ruleId === 'private-key-pem' || ruleId === 'private-key-jwk') {
    let key;
    try {
      key = await readSigningKey(secret);
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { unsupported: 'Only Gr4vy keys (EC P-521) can be checked; this key is of another kind.' };
    }
    if (!where.gr4vy) return { needsGr4vyInstance: true };
    const { instanceId, environment } = where.gr4vy;
    const production = environment === 'production';
    const base = bases.gr4vy ?? gr4vyBaseUrl(instanceId, environment);
    const url = gr4vyConnectionTest({ instanceId, environment }, '', base).url;
    return {
      provider: 'Gr4vy',
      method: 'GET',
      url,
      production,
      run: async (opts) => {
        const token = await signGr4vyToken(key, { scopes: ['buyers.read'], expiresInSeconds: 30, now: opts.clock });
        const req = gr4vyConnectionTest({ instanceId, environment }, token, base);
        return verdictOf(await runConnectionTest(GR4VY_ADVICE, req, [token, secret], opts), 'Gr4vy', production);
      },
    };
  }
  return { unsupported: 'This kind of secret cannot be checked: only Helcim, Gr4vy and Stripe ones can.' };
}

/**
 * Verdicts already learnt this session, by salted secret hash: the same secret is not sent twice.
 * Unknown verdicts are not kept (the next try may get an answer).
 */
export class LiveCache {
  private readonly verdicts = new Map<string, LiveResult>();

  get(hash: string): LiveResult | undefined {
    return this.verdicts.get(hash);
  }

  set(hash: string, r: LiveResult): void {
    if (r.verdict !== 'unknown') this.verdicts.set(hash, r);
  }
}
