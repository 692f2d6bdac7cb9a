import { validateBaseUrl } from '../accounts/validate';
import { invalidInput } from '../errors';
import { type HttpOptions, httpRequest } from '../http/request';
import type { SignedDelivery } from './events';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Checks that `url` is an http(s) URL on this machine: test deliveries, forwards and replays never
 * leave it. Throws an error naming the problem.
 */
export function loopbackUrl(input: string, what = 'The handler URL'): string {
  const url = validateBaseUrl(input, what);
  const host = new URL(url).hostname;
  if (!LOOPBACK.has(host) && !/^127\.\d+\.\d+\.\d+$/.test(host))
    throw invalidInput(
      `${what} must be on this machine (localhost, 127.0.0.1 or ::1), not ${host}`,
      'Deliveries are sent to your local handler only; nothing leaves the machine.',
    );
  return url;
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
