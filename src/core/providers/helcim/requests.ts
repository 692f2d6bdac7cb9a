import { randomInt } from 'node:crypto';
import type { HelcimAccount } from '../accountTypes';
import { type ApiRequest, type RequestSpec, amountOf } from '../requestSpec';
import { HELCIM_DEFAULT_BASE_URL } from './connection';

const HOST = new URL(HELCIM_DEFAULT_BASE_URL).host;

/**
 * Payment calls (PROVIDERS.md, "Helcim first calls"): `POST /v2/payment/{…}`, which take an
 * `idempotency-key`. Failing safe: any call that is not a read under `/v2/payment/` or
 * `/v2/recurring/` (subscriptions charge cards) moves money, except exactly `verify` (a zero-amount
 * card check); a spelling this list does not know (`purchase.json`, `purchase;x`) is asked about too.
 */
const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const MOVES_MONEY: Record<string, string> = {
  purchase: 'a purchase',
  preauth: 'a pre-authorization',
  capture: 'a capture',
  refund: 'a refund',
  reverse: 'a reversal',
  withdraw: 'a withdrawal',
};

/** An idempotency key Helcim takes (PROVIDERS.md, "Helcim first calls"): 25 letters and digits, or a UUID. */
const IDEMPOTENCY_KEY = /^(?:[A-Za-z0-9]{25}|[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12})$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** The call under `/v2/payment/` or `/v2/recurring/` (`purchase`, `plans`…) of a request that writes, if any. */
function paymentOf(req: ApiRequest): { area: 'payment' | 'recurring'; call: string } | undefined {
  if (READS.has(req.method)) return undefined;
  const [v2, area, call = ''] = req.path.split('/').filter(Boolean);
  if (v2 !== 'v2' || (area !== 'payment' && area !== 'recurring')) return undefined;
  return { area, call };
}

/** Helcim: the account's api-token as the `api-token` header, on `https://api.helcim.com` only. */
export const HELCIM_REQUESTS: RequestSpec<HelcimAccount> = {
  recognises: (url) => url.protocol === 'https:' && url.host === HOST,
  origin: () => HELCIM_DEFAULT_BASE_URL,
  accountFromUrl: () => ({
    id: 'command-line',
    provider: 'helcim',
    label: 'command line',
    // Helcim has one host for test and live accounts: nothing in the URL says which.
    environment: 'production',
    scope: 'global',
    createdAt: '',
  }),
  credentialHeaders: ['api-token'],
  authorize: async (_req, _account, secret) => ({
    headers: { 'api-token': secret },
    notes: [],
    credentials: [secret],
  }),
  movesMoney(req) {
    const p = paymentOf(req);
    if (!p || (p.area === 'payment' && p.call === 'verify')) return undefined;
    const what =
      (p.area === 'payment' && Object.hasOwn(MOVES_MONEY, p.call) ? MOVES_MONEY[p.call] : undefined) ??
      `a ${p.area} call (${req.method})`;
    const amount = amountOf(req.body);
    return `${what}${amount ? ` of ${amount}` : ''} (POST ${req.path})`;
  },
  idempotency: {
    header: 'idempotency-key',
    applies: (req) => req.method === 'POST' && paymentOf(req)?.area === 'payment',
    generate: () => Array.from({ length: 25 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join(''),
    accepts: (key) => IDEMPOTENCY_KEY.test(key),
    keyForm: '25 letters and digits (as payapi request prints it) or a UUID',
    windowMs: 5 * 60_000,
    reuseNote:
      'The same request within five minutes: the idempotency key was reused, so Helcim will return the first answer.',
  },
};
