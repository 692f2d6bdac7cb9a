import type { ConnectionResult } from '../accountTypes';
import { AppError, ErrorCodes } from '../../errors';
import { type ProviderAdvice, runConnectionTest } from '../outcome';
import type { ConnectionRequest, TestOptions } from '../types';

/**
 * The read endpoints a connection test tries, in order, and the resource each reads. Together they
 * cover every role a Gr4vy key can have (the dashboard's "Permissions" table): Full access and
 * Processing only read buyers; Transaction reporting only reads payments data (transactions);
 * System management only manages connections, which are payment services. Paths and the `limit`
 * parameter as in the official SDK (`@gr4vy/sdk`: buyers.list, transactions.list, paymentServices.list).
 */
export const GR4VY_PROBES: readonly { resource: string; path: string }[] = [
  { resource: 'buyers', path: '/buyers?limit=1' },
  { resource: 'transactions', path: '/transactions?limit=1' },
  { resource: 'payment-services', path: '/payment-services?limit=1' },
];

/**
 * The scopes of a connection test's token: it asks "does this key work?", so it may read anything
 * and the key's role alone decides what answers (the account's scopes are for tokens it signs).
 */
export const GR4VY_TEST_SCOPES: readonly string[] = ['*.read'];

/** How a probe reaches Gr4vy: a fresh token per request (its `jti` is single-use), and the request for a path. */
export interface Gr4vyProber {
  sign(): Promise<string>;
  request(token: string, path: string): ConnectionRequest;
  /** Credentials besides the tokens to mask out of results (the private key, for "Is it live?"). */
  secrets?: readonly string[];
}

/** "buyers, transactions and payment-services". */
function listOf(names: readonly string[]): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/** The 403's quoted provider text (`: “…”`), or nothing. */
function quotedOf(r: ConnectionResult, advice: ProviderAdvice): string {
  const prefix = `${advice.forbidden.message} (HTTP 403)`;
  return r.message.startsWith(prefix) ? r.message.slice(prefix.length) : '';
}

function readNone(last: ConnectionResult, advice: ProviderAdvice, unreadable: string[]): ConnectionResult {
  return {
    ...last,
    ok: false,
    outcome: 'noReadableResource',
    message:
      `${advice.name} authenticated the key, but it could read none of ${unreadable.join(', ')} ` +
      `(HTTP 403)${quotedOf(last, advice)}: the key's role may be narrower than these, or it may belong to ` +
      'another merchant account',
    advice:
      "Check the key's role and merchant accounts in the dashboard (Integrations > API keys) and the merchant " +
      'account id set here; a token with narrower scopes than *.read can also cause this.',
    unreadable,
  };
}

/**
 * Probes {@link GR4VY_PROBES} in order, stopping at the first 200: a 403 means authenticated but
 * not allowed that resource (the key's role), so the next is tried. A 401 (rejected) or any other
 * failure stops and is reported as it is. Resolves `connected` naming the resource read and those it
 * could not; `noReadableResource` when every probe answered 403. Never throws for network or HTTP failures.
 */
export async function probeGr4vy(advice: ProviderAdvice, p: Gr4vyProber, opts: TestOptions): Promise<ConnectionResult> {
  const unreadable: string[] = [];
  let last: ConnectionResult | undefined;
  for (const { resource, path } of GR4VY_PROBES) {
    const token = await p.sign();
    const r = await runConnectionTest(advice, p.request(token, path), [token, ...(p.secrets ?? [])], opts);
    if (r.outcome !== 'forbidden') {
      const notes = unreadable.length ? { unreadable: [...unreadable] } : {};
      if (!r.ok) return { ...r, ...notes };
      const not = unreadable.length ? `; could not read ${listOf(unreadable)} (HTTP 403: not in the key's role)` : '';
      return { ...r, ...notes, readable: resource, message: `${r.message}: read ${resource}${not}` };
    }
    unreadable.push(resource);
    last = r;
  }
  if (!last) throw new AppError(ErrorCodes.internal, 'No Gr4vy read endpoint to probe');
  return readNone(last, advice, unreadable);
}
