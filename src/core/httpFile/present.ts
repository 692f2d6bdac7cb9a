import type { Account } from '../providers/accountTypes';
import { isLoopbackHost } from '../net/loopback';
import { blankUnsafe } from '../text/escape';
import { formatNotes, formatRequest, formatResponse } from './format';
import type { PreparedRequest } from './prepare';
import type { Exchange } from './send';
import type { HttpFileRequest } from './types';

/** Who sent a request and when, for the first lines of the response view. */
export interface SentBy {
  account: Pick<Account, 'label' | 'environment'>;
  providerName: string;
  at: Date;
}

/**
 * The response view's text: `# ` lines saying who sent it, when, and the notes; the request as
 * sent; then the answer (status, time, headers, indented JSON). Everything in `ex` was masked when
 * the exchange was made, so nothing here needs masking again.
 *
 * @example
 * responseDocument(ex, { account, providerName: 'Acme', at: new Date() })
 * // '# Sent as “Shop” (Acme, sandbox) at 2026-…\n…\nPOST https://…\n…\n###\n\nHTTP 200 (84 ms)\n…'
 */
export function responseDocument(ex: Exchange, by: SentBy): string {
  const { label, environment } = by.account;
  return [
    `# Sent as “${label}” (${by.providerName}, ${environment}) at ${by.at.toISOString()}`,
    ...formatNotes(ex),
    '# The request as sent (its credential masked):',
    '',
    formatRequest(ex),
    '',
    '###',
    '',
    formatResponse(ex),
    '',
  ].join('\n');
}

/** Quotes a value for a POSIX shell. */
const sh = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

/**
 * The request of an exchange as a curl command, its credential masked as it was shown (so the
 * command is for reading or a support ticket, not a usable credential).
 */
export function curlOf(ex: Exchange): string {
  const r = ex.request;
  const flags = Object.entries(r.headers)
    .filter(([name]) => name !== 'user-agent')
    .map(([name, value]) => `-H ${sh(`${name}: ${value}`)}`);
  return [
    'curl -sS',
    ...(r.method === 'GET' ? [] : [`-X ${r.method}`]),
    sh(r.url),
    ...flags,
    ...(r.body !== undefined ? [`--data-raw ${sh(r.body)}`] : []),
  ].join(' ');
}

/** A modal question before sending. */
export interface Confirmation {
  message: string;
  detail: string;
  action: string;
}

/**
 * The question asked before sending, or undefined when none is needed: every request that moves
 * money (on any account: a sandbox label is no proof where money moves), and every request of a
 * production account. Shows the method, the path, the amount and the account.
 */
export function confirmationFor(
  p: PreparedRequest,
  providerName: string,
  newPayment = false,
): Confirmation | undefined {
  const { account, request } = p;
  const production = account.environment === 'production';
  // A base URL that is not this machine sends the credential to another host (a trusted workspace's
  // settings may set one): that is asked too, naming the host.
  const own = p.spec.origin(account);
  const elsewhere = request.url.origin !== own && !isLoopbackHost(request.url.hostname);
  if (!p.movesMoney && !production && !elsewhere) return undefined;
  const env = production ? 'PRODUCTION' : account.environment;
  const who = `“${account.label}” (${providerName}, ${env})`;
  const where = elsewhere
    ? `to ${request.url.origin}: NOT ${providerName}'s API (${own}); the base URL setting sends the credential there`
    : `to ${request.url.origin}`;
  const lines = [`${blankUnsafe(request.method)} ${blankUnsafe(request.path)}`, where, `as ${who}`];
  if (p.movesMoney) {
    return {
      message: `Send ${p.movesMoney} as ${who}?`,
      detail: [
        ...lines,
        '',
        `This moves money with the credential of ${who}` +
          `${newPayment ? ', as a new payment (a new idempotency key)' : ''}. ` +
          "Whether it is real money depends on the account the credential belongs to, not on the account's label.",
      ].join('\n'),
      action: newPayment ? 'Send New Payment' : 'Send',
    };
  }
  if (elsewhere && !production)
    return {
      message:
        `Send ${request.method} ${blankUnsafe(request.path)} with the credential of ${who} ` +
        `to ${request.url.host}?`,
      detail: [...lines, '', `${request.url.host} is the base URL set for ${providerName}, not its own API host.`].join(
        '\n',
      ),
      action: 'Send',
    };
  return {
    message: `Send ${request.method} ${blankUnsafe(request.path)} with the PRODUCTION account ${who}?`,
    detail: [...lines, '', 'A production account acts on live data: every request it sends is asked first.'].join('\n'),
    action: 'Send',
  };
}

/**
 * The request without any header that carries a credential (a file may set one; the account's
 * replaces it when sent), so a copy kept for "re-send" holds nothing secret.
 */
export function withoutCredentials(r: HttpFileRequest, credentialHeaders: readonly string[]): HttpFileRequest {
  return { ...r, headers: r.headers.filter((h) => !credentialHeaders.includes(h.name.toLowerCase())) };
}
