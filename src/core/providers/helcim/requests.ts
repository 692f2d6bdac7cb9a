import { randomInt } from 'node:crypto';
import type { HelcimAccount } from '../accountTypes';
import type { ApiRequest, RequestSpec } from '../requestSpec';
import { HELCIM_DEFAULT_BASE_URL } from './connection';

const HOST = new URL(HELCIM_DEFAULT_BASE_URL).host;

/**
 * Payment calls (PROVIDERS.md, "Helcim first calls"): `POST /v2/payment/{…}`. All take an
 * `idempotency-key`; all but verify (a zero-amount card check) move money.
 */
const PAYMENT = /^\/v2\/payment\/(purchase|preauth|capture|verify|refund|reverse|withdraw)\/?$/;
const MOVES_MONEY: Record<string, string> = {
  purchase: 'a purchase',
  preauth: 'a pre-authorization',
  capture: 'a capture',
  refund: 'a refund',
  reverse: 'a reversal',
  withdraw: 'a withdrawal',
};

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** "10.00 CAD" from a JSON body's `amount` and `currency`, when it has them. */
export function amountOf(body: string | undefined): string | undefined {
  if (!body || body.length > 100_000) return undefined;
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    const amount = typeof o.amount === 'number' || typeof o.amount === 'string' ? String(o.amount).slice(0, 20) : '';
    const currency = typeof o.currency === 'string' ? o.currency.slice(0, 5) : '';
    return amount ? `${amount}${currency ? ` ${currency}` : ''}` : undefined;
  } catch {
    return undefined;
  }
}

function paymentOf(req: ApiRequest): string | undefined {
  return req.method === 'POST' ? PAYMENT.exec(req.path)?.[1] : undefined;
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
    const what = MOVES_MONEY[paymentOf(req) ?? ''];
    if (!what) return undefined;
    const amount = amountOf(req.body);
    return `${what}${amount ? ` of ${amount}` : ''} (POST ${req.path})`;
  },
  idempotency: {
    header: 'idempotency-key',
    applies: (req) => paymentOf(req) !== undefined,
    generate: () => Array.from({ length: 25 }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join(''),
    windowMs: 5 * 60_000,
    reuseNote:
      'The same request within five minutes: the idempotency key was reused, so Helcim will return the first answer.',
  },
};
