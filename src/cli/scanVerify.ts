import type { Environment } from '../core/providers/accountTypes';
import { validateBaseUrl } from '../core/accounts/validate';
import { validateInstanceId } from '../core/providers/gr4vy/fields';
import { describeError } from '../core/errors';
import { proxyFromEnv } from '../core/http/request';
import {
  type Gr4vyInstance,
  type LiveBaseUrls,
  LiveCache,
  type LivePlan,
  isCheckableRule,
  planLiveCheck,
} from '../core/providers/liveness';
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
  gr4vy?: Gr4vyInstance;
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
  for (const pair of v['verify-base-url'] ?? []) {
    const m = /^(helcim|gr4vy|stripe)=(.+)$/.exec(pair);
    if (!m?.[1] || !m[2])
      usageError(`--verify-base-url takes PROVIDER=URL with helcim, gr4vy or stripe (got ${quotedValue(pair)})`);
    baseUrls[m[1] as keyof LiveBaseUrls] = validateBaseUrl(m[2], '--verify-base-url');
  }
  const instance = v['gr4vy-instance'];
  return {
    yes: v.yes === true,
    ...(instance !== undefined ? { gr4vy: { instanceId: validateInstanceId(instance), environment } } : {}),
    baseUrls,
    timeoutMs: timeoutOf(v['timeout-ms']),
  };
}

const isYes = (a: string | undefined) => a !== undefined && /^\s*y(es)?\s*$/i.test(a);

/** Asks for a Gr4vy key's instance (and environment) when none was given; undefined skips the key. */
async function askGr4vy(io: CliIo, where: string): Promise<Gr4vyInstance | undefined> {
  const id = await io.ask?.(`The key at ${where} looks like a Gr4vy key. Its instance id (empty to skip): `);
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
      plan = await planLiveCheck(f.ruleId, secret, { baseUrls: settings.baseUrls, gr4vy: settings.gr4vy });
      if ('needsGr4vyInstance' in plan) {
        const gr4vy = settings.yes ? undefined : await askGr4vy(io, where);
        if (!gr4vy) {
          io.stderr(`payapi scan: ${where}: not checked: a Gr4vy key needs --gr4vy-instance ID\n`);
          continue;
        }
        plan = await planLiveCheck(f.ruleId, secret, { baseUrls: settings.baseUrls, gr4vy });
      }
    } catch (e) {
      io.stderr(`payapi scan: ${where}: not checked: ${escapeText(describeError(e))}\n`);
      continue;
    }
    if ('unsupported' in plan || 'needsGr4vyInstance' in plan) {
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
