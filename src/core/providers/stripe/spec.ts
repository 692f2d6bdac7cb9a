import { withoutTrailingSlashes } from '../../http/request';
import { TOOL_ID } from '../../version';
import { type ProviderAdvice, messagesOf, runConnectionTest } from '../outcome';
import type { LiveProvider } from '../types';

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

/**
 * Stripe: only "Is it live?" for the secret and restricted keys the scanner finds (GET /v1/balance).
 * It has no accounts, so it is listed apart (registry.ts) and Add Account, the tree and
 * `payapi test` never offer it. A 403 means a restricted key was recognised: live.
 */
export const STRIPE: LiveProvider = {
  id: 'stripe',
  displayName: 'Stripe',
  baseUrlSetting: 'paymentApi.stripe.baseUrl',
  live: {
    ruleIds: ['stripe-secret-key', 'stripe-restricted-key'],
    unauthorized: 'rejected',
    forbidden: 'live',
    plan: async (_ruleId, secret, where) => {
      const url = `${withoutTrailingSlashes(where.baseUrl ?? STRIPE_DEFAULT_BASE_URL)}/v1/balance`;
      const headers = { accept: 'application/json', authorization: `Bearer ${secret}`, 'user-agent': TOOL_ID };
      return {
        method: 'GET',
        url,
        production: /^(?:sk|rk)_live_/.test(secret),
        run: (opts) => runConnectionTest(STRIPE_ADVICE, { url, headers }, [secret], opts),
      };
    },
  },
};
