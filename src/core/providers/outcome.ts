import type { ConnectionOutcome, ConnectionResult } from './accountTypes';
import { type AppError, ErrorCodes, isAppError } from '../errors';
import { redact } from '../mask';
import { type HttpOptions, type HttpResponse, httpGet } from '../http/request';
import { blankUnsafe } from '../text/escape';

/** What a provider adds to generic outcomes: its name and advice per status. */
export interface ProviderAdvice {
  name: string;
  /** Extracts the provider's own error text from a parsed JSON body. */
  errorText(body: unknown): string | undefined;
  unauthorized: { message: string; advice: string };
  forbidden: { message: string; advice: string };
  notFound: string;
  /** What to check when the API's host name does not resolve (the provider's own words; default: the host and DNS). */
  unresolved?: string;
}

/** Provider text carries no control or bidi characters into the UI, and no more than 300 characters. */
function sanitise(text: string): string {
  return blankUnsafe(text).trim().slice(0, 300);
}

/** Joins the messages found in a string, an array or an object of strings (Helcim's `errors`). */
export function messagesOf(v: unknown): string | undefined {
  if (typeof v === 'string') return sanitise(v) || undefined;
  if (Array.isArray(v)) {
    const parts = v.map(messagesOf).filter((s): s is string => !!s);
    return parts.length ? sanitise(parts.join('; ')) : undefined;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.message === 'string') return sanitise(o.message);
    const parts = Object.entries(o)
      .map(([k, val]) => {
        const m = messagesOf(val);
        return m ? `${k}: ${m}` : undefined;
      })
      .filter((s): s is string => !!s);
    return parts.length ? sanitise(parts.join('; ')) : undefined;
  }
  return undefined;
}

/** Redaction of the request's credentials, applied to text taken from an answer. */
type Clean = (text: string) => string;
const asIs: Clean = (t) => t;

/**
 * Parses a JSON body with `clean` applied to every decoded string and member name: a credential
 * the answer echoes in any JSON spelling (`\u0061…`) is masked before it is quoted or clipped.
 */
function parseJson(body: string, clean: Clean): { ok: true; value: unknown } | { ok: false } {
  try {
    const value = JSON.parse(body, (_key, v: unknown) => {
      if (typeof v === 'string') return clean(v);
      if (v && typeof v === 'object' && !Array.isArray(v))
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [clean(k), x]));
      return v;
    }) as unknown;
    return { ok: true, value };
  } catch {
    return { ok: false };
  }
}

function retryAfterSeconds(h: string | string[] | undefined, at: Date): number | undefined {
  const v = Array.isArray(h) ? h[0] : h;
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.round((t - at.getTime()) / 1000));
}

/**
 * Classifies an HTTP answer to a connection test. Success is decided by the status code alone,
 * never by the wording of the body; a 2xx whose body is not JSON is reported, because it usually
 * means something other than the API answered.
 */
export function classifyResponse(
  p: ProviderAdvice,
  res: HttpResponse,
  at: Date,
  clean: Clean = asIs,
): ConnectionResult {
  const base = { status: res.status, latencyMs: res.latencyMs, at: at.toISOString() };
  const json = parseJson(res.body, clean);
  const providerText = json.ok ? p.errorText(json.value) : undefined;
  const quoted = providerText
    ? `: “${providerText}”`
    : json.ok || res.body.trim() === ''
      ? ''
      : ' (the body was not JSON)';
  const s = res.status;
  const fail = (outcome: ConnectionOutcome, message: string, advice: string): ConnectionResult => ({
    ...base,
    ok: false,
    outcome,
    message,
    advice,
  });
  if (s >= 200 && s < 300) {
    if (json.ok)
      return {
        ...base,
        ok: true,
        outcome: 'connected',
        message: `Connected to ${p.name} in ${res.latencyMs} ms (HTTP ${s})`,
      };
    return fail(
      'invalidBody',
      `${p.name} answered HTTP ${s} in ${res.latencyMs} ms, but the body is not JSON`,
      'Something other than the API may be answering: a proxy, a captive portal, or a wrong base URL.',
    );
  }
  if (s === 401) return fail('unauthorized', `${p.unauthorized.message} (HTTP 401)${quoted}`, p.unauthorized.advice);
  if (s === 403) return fail('forbidden', `${p.forbidden.message} (HTTP 403)${quoted}`, p.forbidden.advice);
  if (s === 404) return fail('notFound', `${p.name} answered HTTP 404 Not Found${quoted}`, p.notFound);
  if (s === 429) {
    const after = retryAfterSeconds(res.headers['retry-after'], at);
    const wait = after !== undefined ? `Wait ${after} s before testing again.` : 'Wait a minute before testing again.';
    return fail('rateLimited', `${p.name} is rate limiting requests (HTTP 429)${quoted}`, wait);
  }
  if (s === 400) {
    return fail(
      'badRequest',
      `${p.name} rejected the request as malformed (HTTP 400)${quoted}`,
      'Check the account settings (for Gr4vy: merchant account id and scopes).',
    );
  }
  if (s >= 500) {
    return fail(
      'serverError',
      `${p.name} had a server error (HTTP ${s})${quoted}`,
      `This is on ${p.name}'s side: try again in a few minutes, and check their status page if it persists.`,
    );
  }
  if (s >= 300 && s < 400) {
    const loc = res.headers.location;
    const where = typeof loc === 'string' ? ` to ${blankUnsafe(clean(loc)).slice(0, 200)}` : '';
    return fail(
      'redirect',
      `${p.name} answered with a redirect (HTTP ${s})${where}`,
      'Redirects are not followed, so the token is not sent elsewhere: check the base URL.',
    );
  }
  return fail(
    'unexpectedStatus',
    `${p.name} answered with unexpected HTTP ${s}${quoted}`,
    'Check the base URL and the account settings.',
  );
}

const FAILURE_OUTCOMES: Partial<Record<string, ConnectionOutcome>> = {
  [ErrorCodes.timeout]: 'timeout',
  [ErrorCodes.dns]: 'dns',
  [ErrorCodes.connection]: 'connectionFailed',
  [ErrorCodes.tls]: 'tls',
  [ErrorCodes.proxy]: 'proxy',
  [ErrorCodes.tooLarge]: 'invalidBody',
  [ErrorCodes.cancelled]: 'cancelled',
};

/** A connection test that got no HTTP answer: the error's message and advice, with a stable outcome code. */
export function classifyFailure(e: AppError, at: Date): ConnectionResult {
  const r: ConnectionResult = {
    ok: false,
    outcome: FAILURE_OUTCOMES[e.code] ?? 'error',
    message: e.message,
    at: at.toISOString(),
  };
  if (e.advice) r.advice = e.advice;
  return r;
}

/** The credentials and their dot-separated parts (a JWT's signature alone is a secret too). */
function secretParts(secrets: readonly string[]): string[] {
  return secrets.flatMap((s) => [s, ...s.split('.').filter((p) => p.length >= 16)]);
}

/** The result with every credential masked in its text (message and advice are all it quotes). */
function redactResult(r: ConnectionResult, parts: readonly string[]): ConnectionResult {
  const out: ConnectionResult = { ...r, message: redact(r.message, parts) };
  if (r.advice !== undefined) out.advice = redact(r.advice, parts);
  return out;
}

/**
 * Classifies an answer with every credential the request carried masked: a provider, proxy or
 * mock that echoes a header back must not carry the secret into messages, the tree, the log or the
 * CLI. Masking applies to the decoded text (a JSON body may spell the secret with `\u` escapes),
 * before it is quoted and clipped, and once more to the final message and advice.
 */
export function classifyResponseSafely(
  p: ProviderAdvice,
  res: HttpResponse,
  at: Date,
  secrets: readonly string[],
): ConnectionResult {
  const parts = secretParts(secrets);
  return redactResult(
    classifyResponse(p, res, at, (t) => redact(t, parts)),
    parts,
  );
}

/** {@link classifyFailure}, with the request's credentials masked in the message and advice. */
export function classifyFailureSafely(e: AppError, at: Date, secrets: readonly string[]): ConnectionResult {
  return redactResult(classifyFailure(e, at), secretParts(secrets));
}

/**
 * Sends a connection-test GET and classifies what comes back (or why nothing did), with every
 * credential in `secrets` masked out of the result. Never throws for network or HTTP failures.
 */
export async function runConnectionTest(
  advice: ProviderAdvice,
  request: { url: string; headers: Record<string, string> },
  secrets: readonly string[],
  opts: HttpOptions & { clock?: () => Date },
): Promise<ConnectionResult> {
  const clock = opts.clock ?? (() => new Date());
  try {
    return classifyResponseSafely(advice, await httpGet(request.url, request.headers, opts), clock(), secrets);
  } catch (e) {
    if (!isAppError(e)) throw e;
    const r = classifyFailureSafely(e, clock(), secrets);
    return r.outcome === 'dns' && advice.unresolved ? { ...r, advice: advice.unresolved } : r;
  }
}

/**
 * The credential was refused (or never arrived), or its role reads nothing tried: replacing it or
 * the dashboard may help.
 */
export function isAuthFailure(outcome: ConnectionOutcome): boolean {
  return outcome === 'unauthorized' || outcome === 'forbidden' || outcome === 'noReadableResource';
}

/** Outcomes that say nothing about the credential: worth a retry later, shown as warnings. */
export function isTransient(outcome: ConnectionOutcome): boolean {
  return outcome === 'rateLimited' || outcome === 'serverError' || outcome === 'timeout' || outcome === 'cancelled';
}
