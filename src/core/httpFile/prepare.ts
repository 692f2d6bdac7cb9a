import type { Account } from '../providers/accountTypes';
import { clip, unsupported } from '../errors';
import { type HttpMethod, withoutTrailingSlashes } from '../http/request';
import { HOP_BY_HOP_HEADERS } from '../net/headers';
import { tryParseUrl } from '../net/url';
import { providerOfAccount } from '../providers/registry';
import type { ApiRequest, RequestSpec } from '../providers/requestSpec';
import type { HttpFileRequest } from './types';

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A request checked and bound to an account, before its credential is added. */
export interface PreparedRequest {
  /** What is sent, without the credential (`url` is where it goes: the account's API or its base URL). */
  request: ApiRequest;
  account: Account;
  spec: RequestSpec;
  /** Said in the response view: a replaced header, a kept merchant header, the base URL used. */
  notes: string[];
  /** For a request that moves money, what it does: asked before it is sent. */
  movesMoney?: string;
}

/** `scheme://authority` as written: the part a lookalike hides in (user info, unicode dots, brackets). */
const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#\\]*)/;
const PLAIN_AUTHORITY = /^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$/;

const refuse = (why: string) => unsupported(`Not sent: ${why}`);

/**
 * Headers a file may not set: they decide where the request goes or what it is (the TLS server
 * name and Host that undici derives from `host`, hop-by-hop framing, a method override that turns a
 * GET into a payment), so the checks above would no longer describe what is sent.
 */
const FORBIDDEN_HEADERS = new Set([
  ...HOP_BY_HOP_HEADERS,
  'te',
  'trailer',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
]);
const isForbiddenHeader = (name: string) =>
  FORBIDDEN_HEADERS.has(name) || name.startsWith('proxy-') || name.startsWith(':');

/**
 * The path as the provider's server reads it, for deciding scopes and whether money moves:
 * percent-escapes decoded, lower case, empty segments dropped (`/V2//payment/purch%61se/` →
 * `/v2/payment/purchase`), so no spelling of a payment call passes for another call.
 */
export function apiPath(pathname: string): string {
  const segments = pathname
    .split('/')
    .filter(Boolean)
    .map((s) => {
      let d: string;
      try {
        d = decodeURIComponent(s);
      } catch {
        throw refuse(`the path segment “${s.slice(0, 40)}” is not valid percent-encoding`);
      }
      if (/[/\\]/.test(d)) throw refuse(`the path segment “${s.slice(0, 40)}” hides a slash`);
      // eslint-disable-next-line no-control-regex
      if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(d))
        throw refuse(`the path segment “${s.slice(0, 40)}” hides a control character`);
      return d.toLowerCase();
    });
  return `/${segments.join('/')}`;
}

/** Whether a URL on the base URL's origin is inside its path (`/helcim` holds `/helcim/v2/…`, not `/v2/…`). */
function underBase(url: URL, base: URL): boolean {
  const prefix = basePath(base);
  return prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}

/** The path of a base URL without its trailing slashes (`''` for an origin). */
const basePath = (base: URL) => withoutTrailingSlashes(base.pathname);

/**
 * Checks a request from a `.http` file and binds it to `account`: nothing it asks to evaluate
 * (`{{$processEnv}}`, scripts) is present, its host is written in plain ASCII with no user info,
 * and it goes to the account's own API origin (over HTTPS) or to `baseUrl` (the account's
 * base-URL setting, or `--base-url`), where a request to the API origin is sent instead. Any other
 * host is refused: the credential is attached only where it belongs, and nothing else is sent.
 * Throws an AppError naming the reason.
 */
export function prepareRequest(r: HttpFileRequest, account: Account, baseUrl?: string): PreparedRequest {
  const first = r.unsupported[0];
  if (first) throw refuse(`line ${first.line} uses ${first.what}, which Payment API Toolkit never evaluates or reads`);
  // A request that differs from what the file says (an undefined {{x}}, a dropped header) is not sent.
  const problem = r.problems?.[0];
  if (problem) throw refuse(`line ${problem.line}: ${problem.message}`);
  const method = r.method.toUpperCase() as HttpMethod;
  if (!METHODS.includes(method)) throw refuse(`${r.method.slice(0, 20)} is not an HTTP method this tool sends`);
  const authority = AUTHORITY.exec(r.url)?.[1];
  if (authority === undefined) throw refuse(`“${r.url.slice(0, 80)}” is not an absolute http(s) URL`);
  if (!PLAIN_AUTHORITY.test(authority))
    throw refuse(
      `the host “${authority.slice(0, 80)}” is not written as a plain ASCII host name (user info, unicode or ` +
        'escapes are refused: a lookalike host must never receive a credential)',
    );
  const url = tryParseUrl(r.url);
  if (!url) throw refuse(`“${r.url.slice(0, 80)}” is not a valid URL`);
  const provider = providerOfAccount(account);
  const spec = provider.requests;
  if (!spec) throw refuse(`${provider.displayName} requests cannot be sent from .http files`);
  const notes: string[] = [];
  const origin = spec.origin(account);
  const base = baseUrl ? new URL(baseUrl) : undefined;
  let target: URL;
  if (url.origin === origin && url.protocol === 'https:') {
    target = base ? new URL(`${base.origin}${basePath(base)}${url.pathname}${url.search}`) : url;
    if (base) notes.push(`Sent to ${base.origin} (the base URL set for ${provider.displayName}) instead of ${origin}.`);
  } else if (base && url.origin === base.origin && underBase(url, base)) {
    target = url;
  } else {
    throw refuse(
      `${url.host} is not the API of “${account.label}” (${new URL(origin).host}${base ? ` or ${base.host}` : ''}): ` +
        "the account's credential goes only to its own API, and nothing is sent elsewhere",
    );
  }
  const headers: Record<string, string> = {};
  for (const h of r.headers) {
    const name = h.name.toLowerCase();
    if (isForbiddenHeader(name))
      throw refuse(`line ${r.line}: a ${clip(name, 40)} header changes where or how the request goes; remove it`);
    if (spec.credentialHeaders.includes(name)) {
      notes.push(`The file's ${name} header was replaced by the account's credential.`);
      continue;
    }
    headers[name] = h.value;
  }
  if ([...url.searchParams.keys()].some((k) => k.toLowerCase() === '_method'))
    throw refuse(`line ${r.line}: a _method query parameter overrides the method; remove it`);
  const path = apiPath(url.origin === origin ? url.pathname : target.pathname.slice(base ? basePath(base).length : 0));
  const request: ApiRequest = {
    method,
    url: target,
    path,
    headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
  };
  const moves = spec.movesMoney(request);
  return { request, account, spec, notes, ...(moves ? { movesMoney: moves } : {}) };
}
