import { invalidInput } from '../errors';
import { type HttpOptions, httpRequest } from '../http/request';
import { isLoopbackHost } from '../net/loopback';
import { parseUrl } from '../net/url';

/** A signed delivery, as the provider would send it. */
export interface SignedDelivery {
  headers: Record<string, string>;
  body: string;
}

/**
 * Checks that `url` is an http(s) URL on this machine: test deliveries, forwards and replays never
 * leave it. Throws an error naming the problem.
 */
export function loopbackUrl(input: string, what = 'The handler URL'): string {
  const u = parseUrl(input, what, 'For example http://localhost:3000/webhooks.');
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw invalidInput(`${what} must start with http:// or https://`);
  if (u.username || u.password) throw invalidInput(`${what} must not contain a user name or password`);
  // Unlike an API base URL, a handler URL may carry a query (`?source=helcim`).
  if (!isLoopbackHost(u.hostname))
    throw invalidInput(
      `${what} must be on this machine (localhost, 127.0.0.1 or ::1), not ${u.hostname}`,
      'Deliveries are sent to your local handler only; nothing leaves the machine.',
    );
  return u.toString();
}

export interface DeliveryResult {
  status: number;
  latencyMs: number;
  /** The start of the handler's answer, for the log and the deliveries view. */
  snippet: string;
}

/** POSTs a signed delivery to a local handler. Network failures throw AppErrors (refused, timeout…). */
export async function deliver(url: string, d: SignedDelivery, opts: HttpOptions = {}): Promise<DeliveryResult> {
  const res = await httpRequest(
    { method: 'POST', url: loopbackUrl(url), headers: d.headers, body: d.body },
    { maxBodyBytes: 64 * 1024, ...opts },
  );
  return { status: res.status, latencyMs: Math.round(res.latencyMs), snippet: res.body.slice(0, 300) };
}
