import { isAppError } from '../errors';
import type { HttpOptions } from '../http/request';
import { classifyFailure } from '../providers/outcome';
import { providerOfAccount } from '../providers/registry';
import type { AccountStore } from './store';
import type { Account, ConnectionResult, ProviderId } from '../providers/accountTypes';

/** Settings that shape a connection test (already validated by the caller). */
export interface ConnectionSettings extends Omit<HttpOptions, 'signal'> {
  /** Overridden API base URLs, by provider (settings; ignored in untrusted workspaces). */
  baseUrls: Partial<Record<ProviderId, string>>;
}

/**
 * Tests one stored account against its provider and records the result. Never throws for
 * expected failures (a missing secret, a network problem, an HTTP error): they are results too.
 */
export async function testAccount(
  store: AccountStore,
  account: Account,
  settings: ConnectionSettings,
  signal?: AbortSignal,
  clock: () => Date = () => new Date(),
): Promise<ConnectionResult> {
  let result: ConnectionResult;
  try {
    const { baseUrls, ...http } = settings;
    const secret = await store.readSecret(account.id);
    result = await providerOfAccount(account).testConnection(account, secret, {
      ...http,
      signal,
      clock,
      baseUrl: baseUrls[account.provider],
    });
  } catch (e) {
    if (!isAppError(e)) throw e;
    result = classifyFailure(e, clock());
  }
  if (result.outcome !== 'cancelled') await store.recordResult(account.id, result);
  return result;
}
