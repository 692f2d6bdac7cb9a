import { createHash } from 'node:crypto';
import { describeError } from '../errors';
import { type HttpOptions, type HttpResponse, httpRequest } from '../http/request';
import { redact } from '../mask';
import type { ApiRequest } from '../providers/requestSpec';
import { TOOL_ID } from '../version';
import { redactBody, redactHeaders } from '../webhooks/redactDelivery';
import type { PreparedRequest } from './prepare';

/** One request and its answer as shown: every credential and every secret found in either masked. */
export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  /** Absent when nothing answered (then `error` says why). */
  response?: { status: number; headers: Record<string, string>; body: string; latencyMs: number };
  error?: string;
  notes: string[];
  /** How many secrets were masked in the answer (a HelcimPay.js secretToken, a token echoed back). */
  maskedInAnswer: number;
}

/**
 * Idempotency keys made for requests that need one (Helcim payments), kept in memory only: the
 * same request on the same account within the provider's window gets the same key, so a resend
 * returns the first answer instead of charging twice.
 */
export class IdempotencyKeys {
  private readonly keys = new Map<string, { key: string; at: number }>();
  constructor(private readonly clock: () => number = Date.now) {}

  /** The key for this request: reused within `windowMs` unless `fresh`; `reused` says which. */
  keyFor(accountId: string, req: ApiRequest, make: () => string, windowMs: number, fresh: boolean) {
    const id = createHash('sha256')
      .update(JSON.stringify([accountId, req.method, req.url.href, Object.entries(req.headers).sort(), req.body ?? '']))
      .digest('hex');
    const now = this.clock();
    for (const [k, v] of this.keys) if (now - v.at > windowMs) this.keys.delete(k);
    const known = this.keys.get(id);
    if (known && !fresh) return { key: known.key, reused: true };
    const key = make();
    this.keys.set(id, { key, at: now });
    return { key, reused: false };
  }
}

export interface SendOptions extends HttpOptions {
  clock?: () => Date;
  idempotency?: IdempotencyKeys;
  /** "Send as a new payment": a fresh idempotency key even within the window. */
  newPayment?: boolean;
  /**
   * The idempotency key to send instead of a made one (the CLI's `--idempotency-key`, checked there):
   * a payment the provider has already taken with it, within its window, is answered, not made again.
   */
  idempotencyKey?: string;
  /** Stored secrets, masked in what is shown wherever they appear. */
  knownSecrets?: readonly string[];
  /** Prepare and authorize, show the request (masked), send nothing. */
  dryRun?: boolean;
}

const flat = (h: HttpResponse['headers']): Record<string, string> =>
  Object.fromEntries(
    Object.entries(h).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])),
  );

/**
 * Adds the account's credential and sends the request once (never following a redirect: a 3xx is
 * the answer). Never throws for network or HTTP failures: they are in `error` or the status.
 * Throws an AppError for an unusable secret.
 */
export async function sendPrepared(p: PreparedRequest, secret: string, opts: SendOptions = {}): Promise<Exchange> {
  const { request: req, spec, account } = p;
  const notes = [...p.notes];
  const headers: Record<string, string> = { 'user-agent': TOOL_ID, ...req.headers };
  const idem = spec.idempotency;
  let idemKey: { header: string; key: string } | undefined;
  if (idem?.applies(req)) {
    if (headers[idem.header] !== undefined) notes.push(`The file's ${idem.header} header was kept.`);
    else if (opts.idempotencyKey !== undefined) {
      headers[idem.header] = opts.idempotencyKey;
      idemKey = { header: idem.header, key: opts.idempotencyKey };
      notes.push(
        `The ${idem.header} given was sent: if the same payment was made with it in the last ` +
          `${idem.windowMs / 60_000} minutes, the provider returns that first answer instead of charging again.`,
      );
    } else {
      // Without `opts.idempotency` (the CLI: a process keeps nothing between runs) every send is a new payment.
      const keys = opts.idempotency ?? new IdempotencyKeys();
      const make = () => idem.generate();
      const { key, reused } = keys.keyFor(account.id, req, make, idem.windowMs, opts.newPayment === true);
      headers[idem.header] = key;
      idemKey = { header: idem.header, key };
      notes.push(reused ? idem.reuseNote : `A new ${idem.header} was generated for this payment.`);
    }
  }
  const auth = await spec.authorize(req, account, secret, opts.clock);
  notes.push(...auth.notes);
  const sent = { ...headers, ...auth.headers };
  const known = [secret, ...auth.credentials, ...(opts.knownSecrets ?? [])];
  const shown: Exchange = {
    request: {
      method: req.method,
      url: redact(req.url.href, known),
      // The idempotency key is no secret (only its name looks like one): shown, to match the provider's logs.
      headers: { ...redactHeaders(sent, known), ...(idemKey ? { [idemKey.header]: idemKey.key } : {}) },
      ...(req.body !== undefined ? { body: redactBody(req.body, known).text } : {}),
    },
    notes,
    maskedInAnswer: 0,
  };
  if (opts.dryRun) return { ...shown, notes: [...notes, 'Dry run: nothing was sent.'] };
  try {
    const res = await httpRequest(
      { method: req.method, url: req.url.href, headers: sent, ...(req.body !== undefined ? { body: req.body } : {}) },
      opts,
    );
    const body = redactBody(res.body, known);
    const status = res.status;
    if (status >= 300 && status < 400)
      notes.push(`A redirect (HTTP ${status}) was not followed: the credential goes nowhere but the account's API.`);
    return {
      ...shown,
      response: { status, headers: redactHeaders(flat(res.headers), known), body: body.text, latencyMs: res.latencyMs },
      maskedInAnswer: body.count,
    };
  } catch (e) {
    return { ...shown, error: redact(describeError(e), known) };
  }
}
