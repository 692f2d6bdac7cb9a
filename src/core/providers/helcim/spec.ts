import type { HelcimAccount } from '../accountTypes';
import { validateHelcimToken } from './token';
import { mask } from '../../mask';
import type { ProviderSpec } from '../types';
import { HELCIM_DEFAULT_BASE_URL, HELCIM_TOKEN_PATH, helcimConnectionTest, testHelcim } from './connection';
import { HELCIM_CLI } from './cli';
import { HELCIM_REQUESTS } from './requests';
import { HELCIM_LIVE } from './live';
import { HELCIM_WEBHOOKS } from './webhook';

export const HELCIM_DASHBOARD_URL = 'https://secure.helcim.app/';

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
  live: HELCIM_LIVE,
  cli: HELCIM_CLI,
  requests: HELCIM_REQUESTS,
};
