import { type HttpOptions } from '../http/request';
import { testGr4vy } from '../providers/gr4vy';
import { testHelcim } from '../providers/helcim';
import { isAppError } from '../errors';
import { classifyFailure } from '../providers/outcome';
import type { AccountStore } from './store';
import type { Account, ConnectionResult } from './types';

/** Settings that shape a connection test (already validated by the caller). */
export interface ConnectionSettings extends Omit<HttpOptions, 'signal'> {
  helcimBaseUrl?: string;
  gr4vyBaseUrl?: string;
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
    const opts = { ...settings, signal };
    if (account.provider === 'helcim') {
      result = await testHelcim(await store.readSecret(account.id), { ...opts, baseUrl: settings.helcimBaseUrl });
    } else {
      const key = await store.readSigningKey(account.id);
      result = await testGr4vy(
        {
          key,
          instanceId: account.instanceId,
          environment: account.environment,
          scopes: account.scopes,
          ...(account.merchantAccountId ? { merchantAccountId: account.merchantAccountId } : {}),
        },
        { ...opts, baseUrl: settings.gr4vyBaseUrl },
      );
    }
  } catch (e) {
    if (!isAppError(e)) throw e;
    result = classifyFailure(e, clock());
  }
  if (result.outcome !== 'cancelled') await store.recordResult(account.id, result);
  return result;
}
