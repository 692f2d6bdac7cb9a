import type { ConnectionResult, Environment } from '../accounts/types';
import { isAppError } from '../errors';
import { signGr4vyToken } from '../jwt/sign';
import { type HttpOptions, httpGet } from '../http/request';
import type { SigningKey } from '../keys/privateKey';
import { TOOL_ID } from '../version';
import { type ProviderAdvice, classifyFailureSafely, classifyResponseSafely, messagesOf } from './outcome';

/** `https://api.sandbox.<id>.gr4vy.app` or `https://api.<id>.gr4vy.app`. */
export function gr4vyBaseUrl(instanceId: string, environment: Environment): string {
  return environment === 'sandbox'
    ? `https://api.sandbox.${instanceId}.gr4vy.app`
    : `https://api.${instanceId}.gr4vy.app`;
}

/** The dashboard where keys are listed and revoked (Integrations > API keys). */
export function gr4vyDashboardUrl(instanceId: string, environment: Environment): string {
  return environment === 'sandbox'
    ? `https://app.sandbox.${instanceId}.gr4vy.app/`
    : `https://app.${instanceId}.gr4vy.app/`;
}

export const GR4VY_ADVICE: ProviderAdvice = {
  name: 'Gr4vy',
  errorText: (body) => {
    if (!body || typeof body !== 'object') return undefined;
    const o = body as Record<string, unknown>;
    const main = typeof o.message === 'string' ? o.message : undefined;
    const details = Array.isArray(o.details)
      ? messagesOf(
          o.details.map((d) => (d && typeof d === 'object' ? (d as Record<string, unknown>).message : undefined)),
        )
      : undefined;
    return messagesOf([main, details].filter(Boolean));
  },
  unauthorized: {
    message: 'Gr4vy found no valid authentication',
    advice:
      "Check that the instance id and environment match the key, that the key is still listed in the Gr4vy dashboard (Integrations > API keys) with the same key id, and that this machine's clock is right.",
  },
  forbidden: {
    message: 'Gr4vy refused the credentials',
    advice:
      "The key may lack the buyers.read scope used by the test (check its role and the account's scopes), or be limited to another merchant account.",
  },
  notFound:
    'Nothing answered at that path: check the instance id and environment, or the paymentApi.gr4vy.baseUrl setting.',
};

export interface Gr4vyTestTarget {
  key: SigningKey;
  instanceId: string;
  environment: Environment;
  merchantAccountId?: string;
  scopes: string[];
}

/**
 * Tests a Gr4vy key: signs a fresh 30-second token with the account's scopes and calls
 * `GET /buyers?limit=1` (cheap; needs buyers.read). Never throws for network or HTTP failures.
 */
export async function testGr4vy(
  t: Gr4vyTestTarget,
  opts: HttpOptions & { baseUrl?: string; clock?: () => Date } = {},
): Promise<ConnectionResult> {
  const clock = opts.clock ?? (() => new Date());
  const base = (opts.baseUrl ?? gr4vyBaseUrl(t.instanceId, t.environment)).replace(/\/+$/, '');
  const token = await signGr4vyToken(t.key, { scopes: t.scopes, expiresInSeconds: 30, now: clock });
  const headers: Record<string, string> = {
    authorization: `bearer ${token}`,
    accept: 'application/json',
    'user-agent': TOOL_ID,
  };
  if (t.merchantAccountId) headers['x-gr4vy-merchant-account-id'] = t.merchantAccountId;
  try {
    return classifyResponseSafely(GR4VY_ADVICE, await httpGet(`${base}/buyers?limit=1`, headers, opts), clock(), [
      token,
    ]);
  } catch (e) {
    if (isAppError(e)) return classifyFailureSafely(e, clock(), [token]);
    throw e;
  }
}
