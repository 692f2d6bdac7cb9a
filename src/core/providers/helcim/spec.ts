import type { ConnectionResult, HelcimAccount } from '../accountTypes';
import { validateHelcimToken } from './token';
import { withoutTrailingSlashes } from '../../http/request';
import { mask } from '../../mask';
import { TOOL_ID } from '../../version';
import { type ProviderAdvice, messagesOf, runConnectionTest } from '../outcome';
import type { ConnectionRequest, ProviderSpec, TestOptions } from '../types';
import { HELCIM_WEBHOOKS } from './webhook';

export const HELCIM_DEFAULT_BASE_URL = 'https://api.helcim.com';
export const HELCIM_DASHBOARD_URL = 'https://secure.helcim.app/';
export const HELCIM_TOKEN_PATH = 'All Tools > Integrations > API Access Configuration > (the configuration) > Actions';

export const HELCIM_ADVICE: ProviderAdvice = {
  name: 'Helcim',
  errorText: (body) =>
    body && typeof body === 'object'
      ? (messagesOf((body as Record<string, unknown>).errors) ?? messagesOf((body as Record<string, unknown>).message))
      : undefined,
  unauthorized: {
    message: 'Helcim received no api-token',
    advice:
      'The request reached Helcim without the api-token header: a proxy may be removing it. Test again without the ' +
      'proxy.',
  },
  forbidden: {
    message: 'Helcim rejected the api-token',
    advice:
      `The token is wrong, disabled, or a legacy token used on the V2 API. Replace it, or create a new one in ` +
      `Helcim (${HELCIM_TOKEN_PATH}).`,
  },
  notFound: 'The connection-test endpoint was not found: check the paymentApi.helcim.baseUrl setting.',
};

/** The connection-test request: URL and headers (the only place the token is put). */
export function helcimConnectionTest(token: string, baseUrl = HELCIM_DEFAULT_BASE_URL): ConnectionRequest {
  return {
    url: `${withoutTrailingSlashes(baseUrl)}/v2/connection-test`,
    headers: { accept: 'application/json', 'api-token': token, 'user-agent': TOOL_ID },
  };
}

/**
 * Tests a Helcim api-token with `GET /v2/connection-test`. Never throws for network or HTTP
 * failures: every outcome is a {@link ConnectionResult}.
 */
export async function testHelcim(token: string, opts: TestOptions = {}): Promise<ConnectionResult> {
  return runConnectionTest(HELCIM_ADVICE, helcimConnectionTest(token, opts.baseUrl), [token], opts);
}

/** Helcim: an api-token in the `api-token` header; no sandbox host (test accounts come from support). */
export const HELCIM: ProviderSpec<HelcimAccount> = {
  id: 'helcim',
  displayName: 'Helcim',
  secretNoun: 'api-token',
  summary: 'api-token header',
  icon: 'credit-card',
  secretEntry: {
    kind: 'text',
    prompt:
      "The api-token (All Tools > Integrations > API Access Configuration in Helcim). It is kept in VS Code's secret " +
      'storage.',
  },
  environments: {
    sandbox: { label: 'Test account', description: 'a Helcim test account (from Helcim support)', short: 'test' },
    production: { label: 'Production', description: 'real payments', short: 'PRODUCTION' },
  },
  fields: [],
  envVar: 'HELCIM_API_TOKEN',
  envCompanions: [],
  secretRuleId: 'helcim-api-token',
  accountRuleIds: ['helcim-api-token'],
  rotationUrl: HELCIM_DASHBOARD_URL,
  baseUrlSetting: 'paymentApi.helcim.baseUrl',
  defaultBaseUrl: () => HELCIM_DEFAULT_BASE_URL,
  dashboard: () => ({ url: HELCIM_DASHBOARD_URL, where: HELCIM_TOKEN_PATH }),
  details: () => [],
  publicId: () => undefined,
  async prepareSecret(input) {
    const value = validateHelcimToken(input);
    return { value, summary: `api-token ${mask(value)}` };
  },
  withSecret: (account) => account,
  isStored: () => true,
  accountFrom: (common) => ({ ...common, provider: 'helcim' }),
  connectionRequest: (_account, credential, baseUrl) => helcimConnectionTest(credential, baseUrl),
  maskedCredential: (_account, maskedSecret) => maskedSecret,
  testConnection: (_account, secret, opts) => testHelcim(secret, opts),
  webhooks: HELCIM_WEBHOOKS,
};
