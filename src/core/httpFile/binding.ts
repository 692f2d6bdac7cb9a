import type { Account, ProviderId } from '../providers/accountTypes';
import { clip, describeError, unsupported } from '../errors';
import { tryParseUrl } from '../net/url';
import { PROVIDERS } from '../providers/registry';
import type { RequestSpec } from '../providers/requestSpec';
import type { ProviderSpec } from '../providers/types';
import { prepareRequest } from './prepare';
import type { HttpFile, HttpFileRequest } from './types';

/** Each provider's base-URL setting (a local stand-in), by provider id, as validated from settings. */
export type BaseUrls = Partial<Record<ProviderId, string>>;

/** The provider a request goes to, and the stored accounts whose credential may go there. */
export interface Binding {
  provider: ProviderSpec & { requests: RequestSpec };
  url: URL;
  /** The accounts of that provider whose API (or the provider's base URL) is the request's origin. */
  candidates: Account[];
}

const originOf = (url: string | undefined) => (url ? tryParseUrl(url)?.origin : undefined);

/**
 * The request whose part of the file holds `line` (1-based): its request line, headers, body, up to
 * the next `###`. Undefined above the first request.
 */
export function requestAt(file: HttpFile, line: number): HttpFileRequest | undefined {
  const exact = file.requests.find((r) => r.line === line);
  if (exact) return exact;
  const above = file.requests.filter((r) => r.line <= line).at(-1);
  return above && (above.endLine === undefined || line <= above.endLine) ? above : undefined;
}

/**
 * Throws the AppError "Not sent: line N: …" for a request the parser could not read as written (an
 * undefined `{{x}}` left in it, a dropped header): it would not be the request the file shows.
 */
export function refuseProblems(r: HttpFileRequest): void {
  const p = r.problems?.[0];
  if (p) throw unsupported(`Not sent: line ${p.line}: ${p.message}`);
}

/**
 * Which provider a request goes to: one whose API host recognises its URL, or whose base-URL
 * setting has its origin; undefined for any other URL (a lookalike host included) or one that
 * does not parse. Never throws.
 */
export function bindingOf(r: HttpFileRequest, accounts: readonly Account[], baseUrls: BaseUrls): Binding | undefined {
  const url = tryParseUrl(r.url);
  if (!url) return undefined;
  for (const spec of PROVIDERS) {
    const requests = spec.requests;
    if (!requests) continue;
    const base = originOf(baseUrls[spec.id]);
    const atBase = base !== undefined && base === url.origin;
    if (!atBase && !requests.recognises(url)) continue;
    const candidates = accounts.filter(
      (a) => a.provider === spec.id && (atBase || originOf(requests.origin(a)) === url.origin),
    );
    return { provider: { ...spec, requests }, url, candidates };
  }
  return undefined;
}

/** The account to send as without asking: the one chosen for this file, else the only candidate. */
export function accountFor(binding: Binding, chosenId: string | undefined): Account | undefined {
  return (
    binding.candidates.find((a) => a.id === chosenId) ??
    (binding.candidates.length === 1 ? binding.candidates[0] : undefined)
  );
}

/** One CodeLens above a request. */
export type RequestLens =
  | { line: number; kind: 'send'; title: string; accountId: string }
  | { line: number; kind: 'newPayment'; title: string; accountId: string }
  | { line: number; kind: 'pick'; title: string }
  | { line: number; kind: 'notSendable'; title: string; detail: string }
  | { line: number; kind: 'noAccount'; title: string; detail: string };

export interface LensContext {
  accounts: readonly Account[];
  baseUrls: BaseUrls;
  /** The account chosen for this file, by provider id (remembered by the editor, in memory). */
  chosen: (provider: ProviderId) => string | undefined;
}

const accountTitle = (a: Account) =>
  `Send as “${clip(a.label, 40)}”${a.environment === 'production' ? ' (PRODUCTION)' : ''}`;

/**
 * The CodeLenses of a `.http` file: above each request to a provider's API, "Send as <account>"
 * (or "Send as…" to choose among several), and "Send as a new payment" where the provider gives
 * the request an idempotency key; "Not sendable: …" for a request that would be refused (what it
 * asks to evaluate, a lookalike spelling of the host), with the reason. Requests to other hosts
 * get none. Never throws.
 */
export function lensesFor(file: HttpFile, ctx: LensContext): RequestLens[] {
  const out: RequestLens[] = [];
  for (const r of file.requests) {
    const b = bindingOf(r, ctx.accounts, ctx.baseUrls);
    if (!b) continue;
    const line = r.line;
    const first = r.unsupported[0];
    if (first) {
      const why = `line ${first.line} uses ${first.what}, which Payment API Toolkit never evaluates or reads`;
      out.push({
        line,
        kind: 'notSendable',
        title: `Not sendable: line ${first.line}: ${clip(first.what, 80)}`,
        detail: why,
      });
      continue;
    }
    if (b.candidates.length === 0) {
      out.push({
        line,
        kind: 'noAccount',
        title: `No ${b.provider.displayName} account for ${clip(b.url.host, 50)}: Add Account…`,
        detail: `No stored ${b.provider.displayName} account has its API at ${b.url.origin}.`,
      });
      continue;
    }
    const account = accountFor(b, ctx.chosen(b.provider.id));
    try {
      refuseProblems(r);
      const p = prepareRequest(r, account ?? (b.candidates[0] as Account), ctx.baseUrls[b.provider.id]);
      if (account) out.push({ line, kind: 'send', title: accountTitle(account), accountId: account.id });
      if (!account || b.candidates.length > 1) out.push({ line, kind: 'pick', title: 'Send as…' });
      const idem = b.provider.requests.idempotency;
      if (account && idem?.applies(p.request) && p.request.headers[idem.header] === undefined)
        out.push({ line, kind: 'newPayment', title: 'Send as a new payment', accountId: account.id });
    } catch (e) {
      const detail = describeError(e);
      out.push({ line, kind: 'notSendable', title: clip(detail.replace(/^Not sent: /, 'Not sendable: '), 90), detail });
    }
  }
  return out;
}
