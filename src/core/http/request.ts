import type * as UndiciModule from 'undici';
import type { Dispatcher } from 'undici';
import { AppError, ErrorCodes } from '../errors';

/**
 * Which proxy to use, by the target's protocol: VS Code's `http.proxy` (for both), or the
 * environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY. Routing is undici's EnvHttpProxyAgent.
 */
export interface ProxySettings {
  httpsProxy?: string;
  httpProxy?: string;
  strictSSL: boolean;
  noProxy: string[];
}

/** HTTPS_PROXY, HTTP_PROXY (ALL_PROXY for either) and NO_PROXY, as curl and most tools read them. */
export function proxyFromEnv(env: Record<string, string | undefined>): ProxySettings | undefined {
  const all = env.ALL_PROXY ?? env.all_proxy;
  const httpsProxy = env.HTTPS_PROXY ?? env.https_proxy ?? all;
  const httpProxy = env.HTTP_PROXY ?? env.http_proxy ?? all;
  if (!httpsProxy && !httpProxy) return undefined;
  return {
    ...(httpsProxy ? { httpsProxy } : {}),
    ...(httpProxy ? { httpProxy } : {}),
    strictSSL: true,
    noProxy: (env.NO_PROXY ?? env.no_proxy ?? '').split(','),
  };
}

export interface HttpOptions {
  /** Whole-request limit, from sending to the last body byte. Default 10 s. */
  timeoutMs?: number;
  /** Cancels the request (user pressed Cancel). */
  signal?: AbortSignal;
  /** Injected dispatcher (tests); otherwise undici's global one, or a ProxyAgent when a proxy applies. */
  dispatcher?: Dispatcher;
  proxy?: ProxySettings;
  /** Bodies larger than this are not read to the end. Default 1 MiB. */
  maxBodyBytes?: number;
  /** The clock for latency; injectable for tests. */
  now?: () => number;
}

/** The methods a request may use (`.http` files send any of them; connection tests GET and POST). */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Time from sending to the response headers, in ms. */
  latencyMs: number;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BODY = 1024 * 1024;

type Undici = typeof UndiciModule;
let undiciModule: Undici | undefined;
/**
 * undici is ~0.5 MB: required on the first request, not at activation. (A plain require, which the
 * bundler points at dist/undici.js, works in every extension host; dynamic import() need not.)
 */
function loadUndici(): Undici {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  undiciModule ??= require('undici') as Undici;
  return undiciModule;
}

/** Whether `host` is exempt from the proxy by a NO_PROXY-style list (as undici decides; used for messages). */
export function bypassesProxy(host: string, noProxy: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return noProxy.some((raw) => {
    const e = raw.trim().toLowerCase().replace(/:\d+$/, '');
    if (e === '') return false;
    if (e === '*') return true;
    const suffix = e.replace(/^\*?\./, '');
    return h === suffix || h.endsWith(`.${suffix}`);
  });
}

/**
 * GETs `url` with `headers` and reads the body as text. Never follows redirects. Throws an
 * {@link AppError} with code ERR_TIMEOUT, ERR_DNS, ERR_CONNECTION, ERR_TLS, ERR_PROXY, ERR_CANCELLED
 * or ERR_RESPONSE_TOO_LARGE; its message names the host, never a header.
 *
 * @example
 * const res = await httpGet('https://api.helcim.com/v2/connection-test', { 'api-token': t }, { timeoutMs: 5_000 });
 */
export async function httpGet(
  url: string,
  headers: Record<string, string>,
  opts: HttpOptions = {},
): Promise<HttpResponse> {
  return httpRequest({ method: 'GET', url, headers }, opts);
}

/**
 * Sends a request (any {@link HttpMethod}, with a body when given) and reads the answer as text, as {@link httpGet}
 * does: no redirects followed, every failure an AppError with a code, messages naming the host only.
 */
export async function httpRequest(
  req: { method: HttpMethod; url: string; headers: Record<string, string>; body?: string },
  opts: HttpOptions = {},
): Promise<HttpResponse> {
  const { url, headers } = req;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const now = opts.now ?? (() => performance.now());
  const target = new URL(url);
  const undici = loadUndici();
  const proxyUrl = target.protocol === 'https:' ? opts.proxy?.httpsProxy : opts.proxy?.httpProxy;
  // Which requests go through the proxy is undici's decision; this only says whether to blame it.
  const useProxy = !opts.dispatcher && !!proxyUrl && !bypassesProxy(target.hostname, opts.proxy?.noProxy ?? []);
  let ownDispatcher: Dispatcher | undefined;
  if (!opts.dispatcher && proxyUrl && opts.proxy) {
    const tls = { rejectUnauthorized: opts.proxy.strictSSL };
    try {
      ownDispatcher = new undici.EnvHttpProxyAgent({
        ...(opts.proxy.httpProxy ? { httpProxy: opts.proxy.httpProxy } : {}),
        ...(opts.proxy.httpsProxy ? { httpsProxy: opts.proxy.httpsProxy } : {}),
        noProxy: opts.proxy.noProxy.join(','),
        requestTls: tls,
        proxyTls: tls,
      });
    } catch {
      throw new AppError(ErrorCodes.proxy, `The proxy setting is not a usable URL: "${safeProxyName(proxyUrl)}"`, {
        advice: 'Fix http.proxy (or HTTPS_PROXY), e.g. http://proxy.example:3128.',
      });
    }
  }
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const signal = opts.signal ? AbortSignal.any([opts.signal, timeout.signal]) : timeout.signal;
  const started = now();
  try {
    const res = await undici.request(url, {
      method: req.method,
      headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
      signal,
      dispatcher: opts.dispatcher ?? ownDispatcher,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const latencyMs = Math.round(now() - started);
    const body = await readBody(res.body, opts.maxBodyBytes ?? DEFAULT_MAX_BODY, target.host);
    return { status: res.statusCode, headers: res.headers, body, latencyMs };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (opts.signal?.aborted) throw new AppError(ErrorCodes.cancelled, 'Cancelled', { cause: e });
    if (timeout.signal.aborted) throw timeoutError(target.host, timeoutMs, e);
    throw classifyNetworkError(e, target.host, timeoutMs, useProxy && proxyUrl ? safeProxyName(proxyUrl) : undefined);
  } finally {
    clearTimeout(timer);
    if (ownDispatcher) void ownDispatcher.close().catch(() => undefined);
  }
}

async function readBody(body: Dispatcher.ResponseData['body'], max: number, host: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > max) {
      body.destroy();
      throw new AppError(ErrorCodes.tooLarge, `The answer from ${host} is larger than ${Math.round(max / 1024)} KiB`, {
        advice: 'Check the base URL points at the API.',
      });
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function timeoutError(host: string, timeoutMs: number, cause: unknown): AppError {
  const secs = timeoutMs >= 1000 ? `${+(timeoutMs / 1000).toFixed(1)} s` : `${timeoutMs} ms`;
  return new AppError(ErrorCodes.timeout, `No answer from ${host} within ${secs}`, {
    advice: 'Check your network or VPN, or raise the paymentApi.http.timeoutMs setting.',
    cause: scrubCause(cause),
  });
}

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

/** The `code` of an error or of the first error in its cause chain that has one. */
function errorCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns an error thrown by undici into an {@link AppError} with a code. The original is kept as
 * `cause` only in scrubbed form (name, code, message without header lines), so logging it leaks nothing.
 */
export function classifyNetworkError(e: unknown, host: string, timeoutMs: number, proxy?: string): AppError {
  const code = errorCode(e);
  const message = e instanceof Error ? e.message : String(e);
  const cause = scrubCause(e);
  if (code && TIMEOUT_CODES.has(code)) return timeoutError(host, timeoutMs, e);
  if (
    proxy !== undefined &&
    (code === undefined || DNS_CODES.has(code) || CONNECTION_CODES.has(code) || /proxy/i.test(message))
  ) {
    const status = /Proxy response \((\d{3})\)/.exec(message)?.[1];
    const what = status
      ? `answered HTTP ${status}${status === '407' ? ' (proxy authentication required)' : ''}`
      : `failed (${code ?? 'no answer'})`;
    return new AppError(ErrorCodes.proxy, `The proxy ${proxy} ${what} while connecting to ${host}`, {
      advice: 'Check the http.proxy setting (or HTTPS_PROXY) and that the proxy allows this host.',
      cause,
    });
  }
  if (code && DNS_CODES.has(code)) {
    return new AppError(ErrorCodes.dns, `Could not resolve ${host} (${code})`, {
      advice: 'Check the host name (and the instance id, for a provider with instances) and your network or DNS.',
      cause,
    });
  }
  if (code && CONNECTION_CODES.has(code)) {
    const closed = code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
    const msg = closed
      ? `${host} closed the connection before answering (${code})`
      : `Could not connect to ${host} (${code})`;
    return new AppError(ErrorCodes.connection, msg, {
      advice: 'Check your network, firewall or VPN, and the base URL.',
      cause,
    });
  }
  if (code && /CERT|TLS|SSL|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)/.test(code)) {
    return new AppError(ErrorCodes.tls, `The TLS connection to ${host} failed (${code})`, {
      advice: 'A proxy or firewall may be intercepting HTTPS; check its certificate and http.proxyStrictSSL.',
      cause,
    });
  }
  return new AppError(
    ErrorCodes.connection,
    `The request to ${host} failed (${code ?? (e instanceof Error ? e.name : 'unknown error')})`,
    { advice: 'Check your network and the base URL.', cause },
  );
}

/**
 * `url` without its trailing slashes, for joining a base URL and a path. A loop, not `/\/+$/`:
 * that pattern restarts at every slash of a run and reads the rest of it (quadratic time).
 *
 * @example
 * withoutTrailingSlashes('https://api.example.com//') // 'https://api.example.com'
 */
export function withoutTrailingSlashes(url: string): string {
  let end = url.length;
  while (end > 0 && url[end - 1] === '/') end--;
  return url.slice(0, end);
}

/** A copy of an error safe to log: name, code and message with header lines removed. */
export function scrubCause(e: unknown): { name: string; code?: string; message: string } {
  const name = e instanceof Error ? e.name : typeof e;
  const code = errorCode(e);
  const raw = e instanceof Error ? e.message : String(e);
  const message = raw
    .replace(/(authorization|api-token|x-api-key|cookie|proxy-authorization)\s*[:=]\s*[^\r\n,}]*/gi, '$1: [removed]')
    // The user name holds no colon, so each run is split in one way only (linear time).
    .replace(/\/\/[^/@\s:]*:[^/@\s]*@/g, '//[credentials removed]@')
    .slice(0, 300);
  return code === undefined ? { name, message } : { name, code, message };
}

/** A proxy URL for messages: host and port only, never its credentials. */
function safeProxyName(url: string): string {
  try {
    const u = new URL(url);
    return u.host || '(none)';
  } catch {
    return '(unparseable URL)';
  }
}
