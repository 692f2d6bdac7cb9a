import type { Account } from './accountTypes';
import { providerOfAccount } from './registry';

/** Quotes a value for a POSIX shell. */
function sh(v: string): string {
  return `'${v.replace(/'/g, `'\\''`)}'`;
}

/**
 * A curl command for a support ticket: the provider's connection-test request, with the secret
 * masked (`maskedSecret` must already be masked). Never contains a usable credential.
 */
export function maskedCurl(account: Account, maskedSecret: string, baseUrl?: string): string {
  const spec = providerOfAccount(account);
  const { url, headers } = spec.connectionRequest(account, spec.maskedCredential(account, maskedSecret), baseUrl);
  const flags = Object.entries(headers)
    .filter(([name]) => name !== 'user-agent')
    .map(([name, value]) => `-H ${sh(`${name}: ${value}`)}`);
  return ['curl -sS', sh(url), ...flags].join(' ');
}
