import type { Account } from './accountTypes';
import type { HttpMethod } from '../http/request';
import { blankUnsafe } from '../text/escape';

/** A request about to go to a provider's API, as read from a `.http` file (header names lower-case). */
export interface ApiRequest {
  method: HttpMethod;
  /** Where it goes: the account's API, or the base URL that stands in for it. */
  url: URL;
  /** The API path as the provider names it (`/v2/payment/purchase`), whatever the base URL. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a provider adds to a request: headers (its credential among them), what to tell, what to mask. */
export interface Authorization {
  headers: Record<string, string>;
  /** For the response view: "token scopes transactions.read (from Gr4vy's OpenAPI description)". */
  notes: string[];
  /** Every credential the request carries, masked wherever the exchange is shown. */
  credentials: string[];
}

/** A provider's part of sending `.http` requests with an account's stored credential. */
export interface RequestSpec<A extends Account = Account> {
  /** Whether a URL is on the provider's own API host (the CLI picks the provider so). */
  recognises(url: URL): boolean;
  /** The account's own API origin: only a request to it (or to the base-URL override) gets the credential. */
  origin(account: A): string;
  /** The non-secret account a URL implies, for the CLI, which stores none (Gr4vy: the instance in the host). */
  accountFromUrl(url: URL, merchantAccountId?: string): A;
  /** Header names that carry the credential: a file's own value is replaced, with a note. */
  credentialHeaders: readonly string[];
  /** Adds the credential and the provider's headers. Throws an AppError for an unusable secret. */
  authorize(req: ApiRequest, account: A, secret: string, now?: () => Date): Promise<Authorization>;
  /** For a request that moves money, what it does, for the question before it is sent: "a purchase of 10.00 USD". */
  movesMoney(req: ApiRequest): string | undefined;
  /** Requests that must carry an idempotency key (Helcim payments): the sender makes one and reuses it. */
  idempotency?: {
    header: string;
    applies(req: ApiRequest): boolean;
    generate(): string;
    /** Whether the provider takes `key` as the header's value (a key the user gives back is checked first). */
    accepts(key: string): boolean;
    /** What such a key looks like, for the error when one is not: "25 letters and digits, or a UUID". */
    keyForm: string;
    /** How long the provider keeps a key: a resend within it returns the first answer. */
    windowMs: number;
    /** Said when a key is reused. */
    reuseNote: string;
  };
}

/** "10.00 CAD" from a JSON request body's `amount` and `currency`, when it has them. */
export function amountOf(body: string | undefined): string | undefined {
  if (!body || body.length > 100_000) return undefined;
  try {
    const o = JSON.parse(body) as Record<string, unknown>;
    const amount =
      typeof o.amount === 'number' || typeof o.amount === 'string' ? blankUnsafe(String(o.amount)).slice(0, 20) : '';
    const currency = typeof o.currency === 'string' ? blankUnsafe(o.currency).slice(0, 5) : '';
    return amount ? `${amount}${currency ? ` ${currency}` : ''}` : undefined;
  } catch {
    return undefined;
  }
}
