import type { Gr4vyAccount } from '../accountTypes';
import { type ApiRequest, type RequestSpec, amountOf } from '../requestSpec';
import { gr4vyBaseUrl } from './connection';
import { readGr4vyKey } from './key';
import { GR4VY_OPERATIONS } from './operations';
import { GR4VY_RESOURCES } from './scopes';
import { clip, unsupported } from '../../errors';

const KNOWN = new Set<string>(GR4VY_RESOURCES);
import { signGr4vyToken } from './token';

/** `api.<id>.gr4vy.app` (production) and `api.sandbox.<id>.gr4vy.app`; an id is lower-case letters, digits, dashes. */
function instanceOf(url: URL): { instanceId: string; environment: 'sandbox' | 'production' } | undefined {
  if (url.protocol !== 'https:' || url.port !== '') return undefined;
  const parts = url.hostname.split('.');
  if (parts.length < 4 || parts[0] !== 'api' || parts.at(-2) !== 'gr4vy' || parts.at(-1) !== 'app') return undefined;
  const middle = parts.slice(1, -2);
  const sandbox = middle.length === 2 && middle[0] === 'sandbox';
  if (middle.length !== (sandbox ? 2 : 1)) return undefined;
  const instanceId = middle.at(-1) ?? '';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(instanceId)) return undefined;
  return { instanceId, environment: sandbox ? 'sandbox' : 'production' };
}

/** The operation's template segments, split once. */
const OPERATIONS = GR4VY_OPERATIONS.map(([method, path, scopes]) => ({
  method,
  segments: path.split('/').filter(Boolean),
  scopes,
}));

/**
 * The scopes a call needs: from Gr4vy's OpenAPI description when the operation is in it (a
 * `{x}` template segment matches any one segment), else `<first segment>.read|write` from the path.
 */
export function operationScopes(method: string, path: string): { scopes: readonly string[]; from: 'openapi' | 'path' } {
  const segments = path.split('/').filter(Boolean);
  const op = OPERATIONS.find(
    (o) =>
      o.method === method &&
      o.segments.length === segments.length &&
      o.segments.every((s, i) => (s.startsWith('{') && s.endsWith('}')) || s === segments[i]),
  );
  if (op) return { scopes: op.scopes, from: 'openapi' };
  // A guess only for a resource Gr4vy's SDKs name: never `*`, never a segment that is not a plain name.
  const resource = segments[0] ?? '';
  if (!KNOWN.has(resource))
    throw unsupported(`Not sent: ${method} ${clip(path, 80)} is not a Gr4vy operation or resource this tool knows`);
  return { scopes: [`${resource}.${method === 'GET' || method === 'HEAD' ? 'read' : 'write'}`], from: 'path' };
}

/** Names of the calls that move money; any other write under these resources is asked about too. */
const MONEY: readonly [RegExp, string][] = [
  [/^\/transactions$/, 'a transaction'],
  [/^\/transactions\/[^/]+\/capture$/, 'a capture'],
  [/^\/transactions\/[^/]+\/refunds(\/all)?$/, 'a refund'],
  [/^\/transactions\/[^/]+\/authorization\/increment$/, 'an authorization increment'],
  [/^\/payouts$/, 'a payout'],
];

/**
 * Resources where a write may move money (transactions and what hangs off them, payouts, gift
 * cards, payment-service sessions): failing safe, every write under them is asked about.
 */
const MONEY_RESOURCES = new Set(['transactions', 'payouts', 'gift-cards']);
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Gr4vy: a fresh 30-second token per request, carrying only the scopes that operation needs. */
export const GR4VY_REQUESTS: RequestSpec<Gr4vyAccount> = {
  recognises: (url) => instanceOf(url) !== undefined,
  origin: (a) => new URL(gr4vyBaseUrl(a.instanceId, a.environment)).origin,
  accountFromUrl(url, merchantAccountId) {
    const at = instanceOf(url) ?? { instanceId: '', environment: 'sandbox' as const };
    return {
      id: 'command-line',
      provider: 'gr4vy',
      label: 'command line',
      scope: 'global',
      createdAt: '',
      ...at,
      scopes: [],
      kid: '',
      keyFormat: '',
      ...(merchantAccountId ? { merchantAccountId } : {}),
    };
  },
  credentialHeaders: ['authorization'],
  async authorize(req, account, secret, now) {
    const { scopes, from } = operationScopes(req.method, req.path);
    const notes: string[] = [];
    const headers: Record<string, string> = {};
    if (account.merchantAccountId && req.headers['x-gr4vy-merchant-account-id'] === undefined)
      headers['x-gr4vy-merchant-account-id'] = account.merchantAccountId;
    else if (account.merchantAccountId)
      notes.push("The file's x-gr4vy-merchant-account-id header was kept (the account's would have been added).");
    if (scopes.length === 0) {
      notes.push("Sent without a token: Gr4vy's OpenAPI description lists no scope for this operation.");
      return { headers, notes, credentials: [] };
    }
    const token = await signGr4vyToken(await readGr4vyKey(secret), { scopes: [...scopes], expiresInSeconds: 30, now });
    notes.push(
      `A 30-second token with scopes ${scopes.join(' ')} (${
        from === 'openapi'
          ? "from Gr4vy's OpenAPI description"
          : 'not in the OpenAPI description: guessed from the path'
      }).`,
    );
    return { headers: { ...headers, authorization: `bearer ${token}` }, notes, credentials: [token] };
  },
  movesMoney(req: ApiRequest) {
    if (READS.has(req.method)) return undefined;
    const [resource = '', , sub] = req.path.split('/').filter(Boolean);
    const named = MONEY.find(([re]) => re.test(req.path))?.[1];
    if (!named && !MONEY_RESOURCES.has(resource) && !(resource === 'payment-services' && sub === 'sessions'))
      return undefined;
    const what = named ?? `a write to ${resource}`;
    const amount = amountOf(req.body);
    // Gr4vy amounts are in minor units (1299 is 12.99).
    return `${what}${amount ? ` of ${amount} (minor units)` : ''} (${req.method} ${req.path})`;
  },
};
