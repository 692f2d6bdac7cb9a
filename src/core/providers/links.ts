import type { Account } from '../accounts/types';
import { gr4vyBaseUrl, gr4vyDashboardUrl } from './gr4vy';
import { HELCIM_DASHBOARD_URL, HELCIM_DEFAULT_BASE_URL, HELCIM_TOKEN_PATH } from './helcim';

/** Quotes a value for a POSIX shell. */
function sh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command for a support ticket: the request a connection test makes, with the secret
 * masked (`maskedSecret` must already be masked). Never contains a usable credential.
 */
export function maskedCurl(
  account: Account,
  maskedSecret: string,
  baseUrls: { helcim?: string; gr4vy?: string } = {},
): string {
  if (account.provider === 'helcim') {
    const base = baseUrls.helcim ?? HELCIM_DEFAULT_BASE_URL;
    return `curl -sS ${sh(`${base}/v2/connection-test`)} -H 'accept: application/json' -H ${sh(`api-token: ${maskedSecret}`)}`;
  }
  const base = baseUrls.gr4vy ?? gr4vyBaseUrl(account.instanceId, account.environment);
  const merchant = account.merchantAccountId
    ? ` -H ${sh(`x-gr4vy-merchant-account-id: ${account.merchantAccountId}`)}`
    : '';
  return `curl -sS ${sh(`${base}/buyers?limit=1`)} -H 'accept: application/json' -H ${sh(`authorization: bearer <ES512 JWT, kid ${account.kid}, scopes ${account.scopes.join(' ')}>`)}${merchant}`;
}

/** Where to revoke or regenerate the account's credential, and the menu path to it. */
export function dashboardFor(account: Account): { url: string; where: string } {
  if (account.provider === 'helcim') return { url: HELCIM_DASHBOARD_URL, where: HELCIM_TOKEN_PATH };
  return {
    url: gr4vyDashboardUrl(account.instanceId, account.environment),
    where: `Integrations > API keys > the key with id ${account.kid}`,
  };
}
