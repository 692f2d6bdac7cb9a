import type { ConnectionResult, Environment, Gr4vyTarget } from '../accountTypes';
import { withoutTrailingSlashes } from '../../http/request';
import { signGr4vyToken } from './token';
import { GR4VY_PROBES, GR4VY_TEST_SCOPES, probeGr4vy } from './probe';
import { TOOL_ID } from '../../version';
import { type ProviderAdvice, messagesOf } from '../outcome';
import type { ConnectionRequest, TestOptions } from '../types';

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
      'Check that the instance id and environment match the key, that the key is still listed in the Gr4vy dashboard ' +
      "(Integrations > API keys) with the same key id, and that this machine's clock is right.",
  },
  forbidden: {
    message: 'Gr4vy refused the credentials',
    advice:
      "The key's role or the token's scopes do not include this resource, or the key is limited to another " +
      'merchant account.',
  },
  notFound:
    'Nothing answered at that path: check the instance id and environment, or the paymentApi.gr4vy.baseUrl setting.',
  unresolved: 'Check the instance id (the <id> in api.<id>.gr4vy.app) and the environment, and your network or DNS.',
};

/** Where a Gr4vy key signs for (declared with the account types, which ProviderSpec reads). */
export type { Gr4vyTarget };

/** A target, and the scopes a connection test signs with when not {@link GR4VY_TEST_SCOPES} (`--scopes`). */
export interface Gr4vyTestTarget extends Gr4vyTarget {
  scopes?: readonly string[];
}

/**
 * A connection-test request with the bearer JWT and the merchant header: `path` is one of
 * {@link GR4VY_PROBES} (default the first, `GET /buyers?limit=1`).
 */
export function gr4vyConnectionTest(
  t: Omit<Gr4vyTarget, 'key'>,
  credential: string,
  baseUrl?: string,
  path = GR4VY_PROBES[0]?.path ?? '/buyers?limit=1',
): ConnectionRequest {
  const base = withoutTrailingSlashes(baseUrl ?? gr4vyBaseUrl(t.instanceId, t.environment));
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `bearer ${credential}`,
    'user-agent': TOOL_ID,
  };
  if (t.merchantAccountId) headers['x-gr4vy-merchant-account-id'] = t.merchantAccountId;
  return { url: `${base}${path}`, headers };
}

/**
 * Tests a Gr4vy key whatever its role: probes the read endpoints of {@link GR4VY_PROBES} in order,
 * each with a fresh 30-second token scoped `*.read` (or `t.scopes`), until one answers 200 (see
 * {@link probeGr4vy}). Never throws for network or HTTP failures.
 */
export async function testGr4vy(t: Gr4vyTestTarget, opts: TestOptions = {}): Promise<ConnectionResult> {
  const scopes = [...(t.scopes ?? GR4VY_TEST_SCOPES)];
  return probeGr4vy(
    GR4VY_ADVICE,
    {
      sign: () => signGr4vyToken(t.key, { scopes, expiresInSeconds: 30, now: opts.clock }),
      request: (token, path) => gr4vyConnectionTest(t, token, opts.baseUrl, path),
    },
    opts,
  );
}
