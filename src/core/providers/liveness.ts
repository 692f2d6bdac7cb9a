import type { ConnectionResult } from './accountTypes';
import { liveProviderForRule, liveProviders } from './registry';
import type { InstanceQuestion, LiveCall, LiveInstance, LiveProvider, TestOptions } from './types';

/** "Is it live?": the provider accepted the secret, refused it, or we cannot tell. */
export type LiveVerdict = 'live' | 'rejected' | 'unknown';

export interface LiveResult {
  verdict: LiveVerdict;
  /** The connection outcome behind the verdict (`connected`, `forbidden`, `timeout`, `dns`…). */
  reason: string;
  /** One line for people; never holds the secret. */
  message: string;
  /** Whether the secret works on production (money moves), when that is known. */
  production?: boolean;
}

/** The instance each provider's keys are tried against, by provider id (--gr4vy-instance, or the user's answer). */
export type LiveInstances = Partial<Record<string, LiveInstance>>;

/** A key that does not name its host: the caller asks `question` and plans again with the answer. */
export interface NeedsInstance {
  needsInstance: true;
  /** The provider's display name. */
  provider: string;
  providerId: string;
  question: InstanceQuestion;
}

/** Base URLs to call instead of the providers' own (tests, proxies of record), by provider id. */
export type LiveBaseUrls = Partial<Record<string, string>>;

/**
 * The read-only call a check makes (and any it tries next on a 403), shown to the user before it
 * is made: the provider's {@link LiveCall}, whose `run` here gives the verdict.
 */
export interface LivePlan extends Omit<LiveCall, 'run'> {
  /** The provider's display name. */
  provider: string;
  /** Makes the call and classifies the answer. Never throws for network or HTTP failures. */
  run(opts: TestOptions): Promise<LiveResult>;
}

/** Whether a finding of this rule can be checked at all (private keys only if they turn out to be Gr4vy keys). */
export function isCheckableRule(ruleId: string): boolean {
  return liveProviderForRule(ruleId) !== undefined;
}

/**
 * How the answer decides: 2xx is live; a refusal of the credential is rejected; anything else
 * (timeout, unreachable host, server error, rate limit) cannot tell. What a 401 or 403 means is the
 * provider's (`LiveSpec.unauthorized`, `.forbidden`): a 403 can mean recognised but not allowed.
 */
function verdictOf(r: ConnectionResult, p: LiveProvider, production?: boolean): LiveResult {
  const base = { reason: r.outcome, production };
  const prod = production ? ' on production' : '';
  const name = p.displayName;
  if (r.ok) {
    const reads = r.readable ? ` It can read ${r.readable}.` : '';
    return { ...base, verdict: 'live', message: `LIVE: ${name} accepted this secret${prod}. Rotate it now.${reads}` };
  }
  if (r.outcome === 'noReadableResource')
    return {
      ...base,
      verdict: 'live',
      message:
        `LIVE: ${name} authenticated this secret${prod} (it may read none of what was tried, HTTP 403). ` +
        'Rotate it now.',
    };
  const refusal =
    r.outcome === 'forbidden' ? p.live.forbidden : r.outcome === 'unauthorized' ? p.live.unauthorized : 'unknown';
  if (refusal === 'live')
    return {
      ...base,
      verdict: 'live',
      message: `LIVE: ${name} recognised this secret${prod} (it may not make this call, HTTP 403). Rotate it now.`,
    };
  if (refusal === 'rejected')
    return { ...base, verdict: 'rejected', message: `Rejected: ${name} refused this secret (${r.message}).` };
  const why =
    r.outcome === 'timeout'
      ? `no answer in time (${r.message})`
      : ['dns', 'connectionFailed', 'tls', 'proxy'].includes(r.outcome)
        ? `${name} could not be reached (${r.message})`
        : r.message;
  return { ...base, verdict: 'unknown', message: `Unknown: ${why}. Nothing was learnt about the secret.` };
}

/**
 * The calls a plan makes, for the question asked before: "One read-only call: GET <url>", or for a
 * plan with fallbacks "Read-only calls, each only if the one before answers 403: GET <url>, then <url>".
 */
export function describeCalls(plan: Pick<LivePlan, 'method' | 'url' | 'then'>): string {
  if (!plan.then?.length) return `One read-only call: ${plan.method} ${plan.url}`;
  const urls = [plan.url, ...plan.then].join(', then ');
  return `Read-only calls, each only if the one before answers 403: ${plan.method} ${urls}`;
}

/** "Helcim, Gr4vy and Stripe". */
function namesOf(providers: readonly LiveProvider[]): string {
  const names = providers.map((p) => p.displayName);
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}

/**
 * The check for one secret, or a reason it cannot be checked. The provider whose live part lists
 * the rule plans the call; a key that does not name its host (Gr4vy's) needs its instance:
 * `needsInstance` says so, with the provider's question, and the caller asks the user.
 */
export async function planLiveCheck(
  ruleId: string,
  secret: string,
  where: { baseUrls?: LiveBaseUrls; instances?: LiveInstances } = {},
): Promise<LivePlan | { unsupported: string } | NeedsInstance> {
  const p = liveProviderForRule(ruleId);
  if (!p)
    return {
      unsupported: `This kind of secret cannot be checked: only ${namesOf(liveProviders())} ones can.`,
    };
  const baseUrl = where.baseUrls?.[p.id];
  const step = await p.live.plan(ruleId, secret, {
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(where.instances?.[p.id] ? { instance: where.instances[p.id] } : {}),
  });
  if ('needsInstance' in step) {
    if (!p.live.instance) return { unsupported: `${p.displayName} cannot say where to try this key.` };
    return { needsInstance: true, provider: p.displayName, providerId: p.id, question: p.live.instance };
  }
  if ('unsupported' in step) return step;
  const { method, url, production, then } = step;
  return {
    provider: p.displayName,
    method,
    url,
    ...(then?.length ? { then } : {}),
    ...(production !== undefined ? { production } : {}),
    run: async (opts) => verdictOf(await step.run(opts), p, production),
  };
}

/**
 * Verdicts already learnt this session, by salted secret hash: the same secret is not sent twice.
 * Unknown verdicts are not kept (the next try may get an answer).
 */
export class LiveCache {
  private readonly verdicts = new Map<string, LiveResult>();

  get(hash: string): LiveResult | undefined {
    return this.verdicts.get(hash);
  }

  set(hash: string, r: LiveResult): void {
    if (r.verdict !== 'unknown') this.verdicts.set(hash, r);
  }
}
