import type { IncomingMessage } from 'node:http';
import { type HostAllowList, hostNameOf } from './hostCheck';

/** Bodies larger than this are refused with 413 (webhooks are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Bounds on what the receiver accepts at once; every field has a default (see {@link RECEIVER_LIMITS}). */
export interface ReceiverLimits {
  /** Open connections at once; more are closed as they arrive. */
  maxConnections: number;
  /** Body bytes held across all requests at once; a request that would pass it gets 503. */
  maxBytesInFlight: number;
  /** Time for a request's headers to arrive, from the connection's start (slow senders get 408). */
  headersTimeoutMs: number;
  /** Time for a whole request, body included, to arrive. */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open. */
  keepAliveTimeoutMs: number;
}

/** The default limits: 32 connections, 8 MB of bodies in flight, 5 s for headers, 15 s per request. */
export const RECEIVER_LIMITS: Readonly<ReceiverLimits> = {
  maxConnections: 32,
  maxBytesInFlight: 8 * 1024 * 1024,
  headersTimeoutMs: 5_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 2_000,
};

/** Why a request was answered without being listed or forwarded. */
export type RefusalReason =
  | 'host' // Host is missing, repeated, malformed or not an allowed name (403)
  | 'target' // the request target is not a path (absolute-form, `*`) (400)
  | 'method' // not a POST (405)
  | 'browser' // sent by a web page: an Origin or a Sec-Fetch-Site other than none (403)
  | 'too-large' // over MAX_BODY_BYTES (413)
  | 'busy'; // over the bytes-in-flight limit (503)

/** A request the receiver refused: never listed, kept or forwarded. */
export interface Refusal {
  status: number;
  reason: RefusalReason;
  /** For `host`: the name it carried when that is a well-formed host name (safe to show). */
  host?: string;
}

/** How many times header `name` appears in a request (Node keeps only the first Host). */
function countHeader(req: IncomingMessage, name: string): number {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]?.toLowerCase() === name) n++;
  return n;
}

/** What the receiver answers to a request it does not take. */
export interface Screened {
  r: Refusal;
  error: string;
  headers?: Record<string, string>;
}

/**
 * The refusal for a request the receiver must not take, judged on its request line and headers
 * alone (before any body byte is read), or undefined when it may be read. Never throws.
 */
export function screenRequest(req: IncomingMessage, hosts: HostAllowList): Screened | undefined {
  const host = req.headers.host;
  const name = countHeader(req, 'host') === 1 && host !== undefined ? hostNameOf(host) : undefined;
  if (!name || !hosts.allows(name))
    return {
      r: { status: 403, reason: 'host', ...(name ? { host: name } : {}) },
      error: 'this Host is not allowed',
    };
  if (!req.url?.startsWith('/')) return { r: { status: 400, reason: 'target' }, error: 'bad request target' };
  if (req.method !== 'POST')
    return { r: { status: 405, reason: 'method' }, error: 'only POST', headers: { allow: 'POST' } };
  // Webhook senders are servers. A browser adds Origin to every POST and Sec-Fetch-Site to every
  // request; `none` is only a navigation the user typed, never something a page sent.
  const site = req.headers['sec-fetch-site'];
  if (countHeader(req, 'origin') > 0 || (site !== undefined && site !== 'none'))
    return { r: { status: 403, reason: 'browser' }, error: 'requests from web pages are refused' };
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_BODY_BYTES) return { r: { status: 413, reason: 'too-large' }, error: 'body larger than 1 MB' };
  return undefined;
}

/**
 * Reads a request's body within MAX_BODY_BYTES and the bytes-in-flight limit shared by all requests
 * (`flight`; what this request holds is added to `held` too, for the caller to give back). Resolves
 * with the body, a refusal (413, 503), or undefined when the sender went away or timed out.
 */
export function readBody(
  req: IncomingMessage,
  held: { bytes: number },
  flight: { bytes: number },
  maxBytesInFlight: number,
): Promise<Buffer | Refusal | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const finish = (v: Buffer | Refusal | undefined) => {
      req.off('data', onData);
      resolve(v);
    };
    const onData = (c: Buffer) => {
      if (held.bytes + c.length > MAX_BODY_BYTES) return finish({ status: 413, reason: 'too-large' });
      if (flight.bytes + c.length > maxBytesInFlight) return finish({ status: 503, reason: 'busy' });
      flight.bytes += c.length;
      held.bytes += c.length;
      chunks.push(c);
    };
    req.on('data', onData);
    req.once('end', () => finish(Buffer.concat(chunks)));
    // Aborted, reset or timed out (Node answers 408 itself): nothing to answer or list.
    req.once('close', () => finish(undefined));
    req.once('error', () => finish(undefined));
  });
}
