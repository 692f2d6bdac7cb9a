import type { Environment } from '../core/providers/accountTypes';
import { validateBaseUrl } from '../core/accounts/validate';
import { validateInstanceId } from '../core/providers/gr4vy/fields';
import { describeError } from '../core/errors';
import { proxyFromEnv } from '../core/http/request';
import {
  type LiveBaseUrls,
  LiveCache,
  type LivePlan,
  isCheckableRule,
  planLiveCheck,
} from '../core/providers/liveness';
import { liveProviders } from '../core/providers/registry';
import type { LiveInstance } from '../core/providers/types';
import { timeoutOf } from './gr4vyOptions';
import { escapeText } from '../core/text/escape';
import { quotedValue } from '../core/text/quoted';
import { type CliIo, usageError } from './io';
import type { ReportedFinding } from './scanReport';
import { type ScanSummary, secretAt } from './scanSources';

/** The options of `payapi scan --verify`. */
export const VERIFY_OPTIONS = {
  verify: { type: 'boolean' },
  yes: { type: 'boolean' },
  'gr4vy-instance': { type: 'string' },
  'gr4vy-environment': { type: 'string' },
  'verify-base-url': { type: 'string', multiple: true },
  'timeout-ms': { type: 'string' },
} as const;

export interface VerifySettings {
  yes: boolean;
  /** Where a key that does not name its host is tried (--gr4vy-instance, --gr4vy-environment). */
  instance?: LiveInstance;
  baseUrls: LiveBaseUrls;
  timeoutMs: number;
}

/** Reads the --verify options; usage errors name what is wrong. */
export function verifySettingsOf(
  v: { yes?: boolean; 'gr4vy-instance'?: string; 'gr4vy-environment'?: string; 'verify-base-url'?: string[] } & {
    'timeout-ms'?: string;
  },
  io: CliIo,
): VerifySettings {
  if (!v.yes && !io.ask)
    usageError('--verify asks before each call and there is no terminal to ask in: add --yes to allow the calls (CI)');
  const environment = (v['gr4vy-environment'] ?? 'sandbox') as Environment;
  if (environment !== 'sandbox' && environment !== 'production')
    usageError(`--gr4vy-environment must be sandbox or production (got ${quotedValue(String(environment))})`);
  const baseUrls: LiveBaseUrls = {};
  const ids = liveProviders().map((p) => p.id);
  for (const pair of v['verify-base-url'] ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(pair);
    if (!m?.[1] || !m[2] || !ids.includes(m[1]))
      usageError(`--verify-base-url takes PROVIDER=URL with ${orList(ids)} (got ${quotedValue(pair)})`);
    baseUrls[m[1]] = validateBaseUrl(m[2], '--verify-base-url');
  }
  const instance = v['gr4vy-instance'];
  return {
    yes: v.yes === true,
    ...(instance !== undefined ? { instance: { instanceId: validateInstanceId(instance), environment } } : {}),
    baseUrls,
    timeoutMs: timeoutOf(v['timeout-ms']),
  };
}

const isYes = (a: string | undefined) => a !== undefined && /^\s*y(es)?\s*$/i.test(a);

/** "helcim, gr4vy or stripe". */
function orList(words: readonly string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;
}

/** Asks for a key's instance (and environment) when none was given; undefined skips the key. */
async function askInstance(io: CliIo, where: string, provider: string): Promise<LiveInstance | undefined> {
  const id = await io.ask?.(`The key at ${where} looks like a ${provider} key. Its instance id (empty to skip): `);
  if (!id?.trim()) return undefined;
  const env = await io.ask?.('Environment, sandbox or production [sandbox]: ');
  return { instanceId: validateInstanceId(id), environment: env?.trim() === 'production' ? 'production' : 'sandbox' };
}

/**
 * "Is it live?" for the findings that can be checked: one read-only call per distinct secret,
 * each asked for first unless --yes. Results go on the findings; nothing holds the secret after.
 */
export async function verifyFindings(
  findings: ReportedFinding[],
  summary: ScanSummary,
  settings: VerifySettings,
  io: CliIo,
): Promise<void> {
  const cache = new LiveCache();
  const opts = { timeoutMs: settings.timeoutMs, proxy: proxyFromEnv(io.env) };
  for (const f of findings.filter((x) => isCheckableRule(x.ruleId))) {
    const where = `${escapeText(f.path)}:${f.line}`;
    const hash = f.secretHash ?? where;
    const known = cache.get(hash);
    if (known) {
      f.live = known;
      continue;
    }
    let plan: Awaited<ReturnType<typeof planLiveCheck>>;
    try {
      const secret = secretAt(summary.contentOf(f), f);
      plan = await planLiveCheck(f.ruleId, secret, { baseUrls: settings.baseUrls, instance: settings.instance });
      if ('needsInstance' in plan) {
        const instance = settings.yes ? undefined : await askInstance(io, where, plan.provider);
        if (!instance) {
          io.stderr(`payapi scan: ${where}: not checked: a ${plan.provider} key needs --gr4vy-instance ID\n`);
          continue;
        }
        plan = await planLiveCheck(f.ruleId, secret, { baseUrls: settings.baseUrls, instance });
      }
    } catch (e) {
      io.stderr(`payapi scan: ${where}: not checked: ${escapeText(describeError(e))}\n`);
      continue;
    }
    if ('unsupported' in plan || 'needsInstance' in plan) {
      if ('unsupported' in plan) io.stderr(`payapi scan: ${where}: not checked: ${escapeText(plan.unsupported)}\n`);
      continue;
    }
    if (!(await allowed(plan, f, settings, io))) continue;
    const result = await plan.run(opts);
    cache.set(hash, result);
    f.live = result;
    io.stderr(`payapi scan: ${where}: ${escapeText(result.message)}\n`);
  }
}

async function allowed(plan: LivePlan, f: ReportedFinding, s: VerifySettings, io: CliIo): Promise<boolean> {
  const call = `${plan.method} ${plan.url}`;
  if (s.yes) {
    io.stderr(
      `payapi scan: ${escapeText(f.path)}:${f.line}: ` +
        `checking the ${plan.provider} secret ${f.preview}: ${escapeText(call)}\n`,
    );
    return true;
  }
  return isYes(
    await io.ask?.(
      `Check whether the ${plan.provider} secret ${f.preview} at ${f.path}:${f.line} is live? ` +
        `One read-only call: ${call} [y/N] `,
    ),
  );
}
