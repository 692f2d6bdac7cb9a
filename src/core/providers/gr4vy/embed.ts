import type { ConnectionResult, Gr4vyTarget } from '../accountTypes';
import { isAppError } from '../../errors';
import { httpRequest, withoutTrailingSlashes } from '../../http/request';
import { EMBED_EXPIRY_SECONDS, signGr4vyToken } from './token';
import { TOOL_ID } from '../../version';
import { GR4VY_ADVICE, gr4vyBaseUrl } from './connection';
import { GR4VY_EMBED_SCOPE } from './scopes';
import { type ProviderAdvice, classifyFailureSafely, classifyResponseSafely } from '../outcome';
import type { TestOptions } from '../types';

/** An Embed token, and the checkout session it is pinned to when one was created. */
export type EmbedResult =
  { ok: true; token: string; checkoutSessionId?: string } | { ok: false; failure: ConnectionResult };

/** Gr4vy's answers, with advice for creating a checkout session rather than listing buyers. */
const SESSION_ADVICE: ProviderAdvice = {
  ...GR4VY_ADVICE,
  forbidden: {
    message: 'Gr4vy refused to create a checkout session',
    advice:
      'The key may lack the checkout-sessions.write scope (check its role), or be limited to another merchant account.',
  },
  notFound:
    'Nothing answered at /checkout/sessions: check the instance id and environment, or paymentApi.gr4vy.baseUrl.',
};

/** The scope the short-lived token that creates a checkout session carries. */
const SESSION_SCOPE = 'checkout-sessions.write';

/**
 * Creates a checkout session (`POST {base}/checkout/sessions`, signed with a 30-second token that
 * can only write checkout sessions) and returns its id, or the failure with the connection test's
 * messages and advice. Never throws for network or HTTP failures.
 */
export async function createCheckoutSession(
  t: Gr4vyTarget,
  body: Record<string, unknown>,
  opts: TestOptions = {},
): Promise<{ ok: true; id: string } | { ok: false; failure: ConnectionResult }> {
  const clock = opts.clock ?? (() => new Date());
  const token = await signGr4vyToken(t.key, { scopes: [SESSION_SCOPE], expiresInSeconds: 30, now: clock });
  const base = withoutTrailingSlashes(opts.baseUrl ?? gr4vyBaseUrl(t.instanceId, t.environment));
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `bearer ${token}`,
    'content-type': 'application/json',
    'user-agent': TOOL_ID,
  };
  if (t.merchantAccountId) headers['x-gr4vy-merchant-account-id'] = t.merchantAccountId;
  try {
    const res = await httpRequest(
      { method: 'POST', url: `${base}/checkout/sessions`, headers, body: JSON.stringify(body) },
      opts,
    );
    const result = classifyResponseSafely(SESSION_ADVICE, res, clock(), [token]);
    if (!result.ok) return { ok: false, failure: result };
    const id = sessionIdOf(res.body);
    if (id) return { ok: true, id };
    const failure: ConnectionResult = {
      ...result,
      ok: false,
      outcome: 'invalidBody',
      message: `Gr4vy answered HTTP ${res.status}, but with no checkout session id`,
      advice: 'Check the base URL points at the Gr4vy API.',
    };
    return { ok: false, failure };
  } catch (e) {
    if (isAppError(e)) return { ok: false, failure: classifyFailureSafely(e, clock(), [token]) };
    throw e;
  }
}

/** The `id` of a checkout session in an API answer, when it is a plausible id. */
function sessionIdOf(body: string): string | undefined {
  try {
    const o = JSON.parse(body) as { id?: unknown };
    return typeof o.id === 'string' && /^[\w-]{1,100}$/.test(o.id) ? o.id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An Embed token as the SDKs' `getEmbedTokenWithCheckoutSession` makes it: with `withSession`, a
 * checkout session is created first and its id pinned as `checkout_session_id`; scope `embed`,
 * one hour. `embed` holds the pins (amount, currency, buyer…), camelCase or snake_case.
 */
export async function embedToken(
  t: Gr4vyTarget,
  embed: Record<string, unknown>,
  withSession: boolean,
  opts: TestOptions = {},
): Promise<EmbedResult> {
  let checkoutSessionId: string | undefined;
  if (withSession) {
    const session = await createCheckoutSession(t, {}, opts);
    if (!session.ok) return session;
    checkoutSessionId = session.id;
  }
  const token = await signGr4vyToken(t.key, {
    scopes: [GR4VY_EMBED_SCOPE],
    embed,
    expiresInSeconds: EMBED_EXPIRY_SECONDS,
    ...(checkoutSessionId ? { checkoutSessionId } : {}),
    ...(opts.clock ? { now: opts.clock } : {}),
  });
  return { ok: true, token, ...(checkoutSessionId ? { checkoutSessionId } : {}) };
}
