import type { Environment } from '../core/providers/accountTypes';
import { validateBaseUrl } from '../core/accounts/validate';
import { describeError } from '../core/errors';
import { proxyFromEnv } from '../core/http/request';
import {
  type LiveBaseUrls,
  LiveCache,
  type LiveInstances,
  type LivePlan,
  describeCalls,
  type NeedsInstance,
  isCheckableRule,
  planLiveCheck,
} from '../core/providers/liveness';
import { liveProviders } from '../core/providers/registry';
import type { CliValues, InstanceQuestion, LiveInstance } from '../core/providers/types';
import { timeoutOf } from './gr4vyOptions';
import { escapeText } from '../core/text/escape';
import { quotedValue } from '../core/text/quoted';
import { type CliIo, usageError } from './io';
import type { ReportedFinding } from './scanReport';
import { type ScanSummary, secretAt } from './scanSources';

/** The providers whose keys need an instance, with their question (its flag names the CLI options). */
function instanceQuestions(): { id: string; question: InstanceQuestion }[] {
  return liveProviders().flatMap((p) => (p.live.instance ? [{ id: p.id, question: p.live.instance }] : []));
}

/** The options of `payapi scan --verify`: `--<flag>-instance` and `--<flag>-environment` per provider that asks. */
export function verifyOptions() {
  const instanceOptions = Object.fromEntries(
    instanceQuestions().flatMap(({ question: { flag } }) => [
      [`${flag}-instance`, { type: 'string' }],
      [`${flag}-environment`, { type: 'string' }],
    ]),
  ) as Record<string, { type: 'string' }>;
  return {
    verify: { type: 'boolean' },
    yes: { type: 'boolean' },
    ...instanceOptions,
    'verify-base-url': { type: 'string', multiple: true },
    'timeout-ms': { type: 'string' },
  } as const;
}

/** "[--gr4vy-instance ID] [--gr4vy-environment sandbox|production]", for the usage text. */
export function instanceUsage(): string {
  return instanceQuestions()
    .map(({ question: { flag } }) => `[--${flag}-instance ID] [--${flag}-environment sandbox|production]`)
    .join(' ');
}

export interface VerifySettings {
  yes: boolean;
  /** Where a key that does not name its host is tried (--gr4vy-instance, --gr4vy-environment), by provider id. */
  instances: LiveInstances;
  baseUrls: LiveBaseUrls;
  timeoutMs: number;
}

/** Reads `--<flag>-instance` and `--<flag>-environment` of each provider that asks for an instance. */
function instancesOf(v: CliValues): LiveInstances {
  const out: LiveInstances = {};
  for (const { id, question } of instanceQuestions()) {
    const envOption = `--${question.flag}-environment`;
    const environment = (v[`${question.flag}-environment`] ?? 'sandbox') as Environment;
    if (environment !== 'sandbox' && environment !== 'production')
      usageError(`${envOption} must be sandbox or production (got ${quotedValue(String(environment))})`);
    const instance = v[`${question.flag}-instance`];
    if (typeof instance === 'string') out[id] = { instanceId: question.validate(instance), environment };
  }
  return out;
}

/** Reads the --verify options; usage errors name what is wrong. */
export function verifySettingsOf(
  v: CliValues & { yes?: boolean; 'verify-base-url'?: string[]; 'timeout-ms'?: string },
  io: CliIo,
): VerifySettings {
  if (!v.yes && !io.ask)
    usageError('--verify asks before each call and there is no terminal to ask in: add --yes to allow the calls (CI)');
  const instances = instancesOf(v);
  const baseUrls: LiveBaseUrls = {};
  const ids = liveProviders().map((p) => p.id);
  for (const pair of v['verify-base-url'] ?? []) {
    const m = /^([^=]+)=(.+)$/.exec(pair);
    if (!m?.[1] || !m[2] || !ids.includes(m[1]))
      usageError(`--verify-base-url takes PROVIDER=URL with ${orList(ids)} (got ${quotedValue(pair)})`);
    baseUrls[m[1]] = validateBaseUrl(m[2], '--verify-base-url');
  }
  return {
    yes: v.yes === true,
    instances,
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
async function askInstance(io: CliIo, where: string, need: NeedsInstance): Promise<LiveInstance | undefined> {
  const id = await io.ask?.(`The key at ${where} looks like a ${need.provider} key. Its instance id (empty to skip): `);
  if (!id?.trim()) return undefined;
  const env = await io.ask?.('Environment, sandbox or production [sandbox]: ');
  return {
    instanceId: need.question.validate(id),
    environment: env?.trim() === 'production' ? 'production' : 'sandbox',
  };
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
      const { baseUrls, instances } = settings;
      plan = await planLiveCheck(f.ruleId, secret, { baseUrls, instances });
      if ('needsInstance' in plan) {
        const need = plan;
        const instance = settings.yes ? undefined : await askInstance(io, where, need);
        if (!instance) {
          const flag = `--${need.question.flag}-instance`;
          io.stderr(`payapi scan: ${where}: not checked: a ${need.provider} key needs ${flag} ID\n`);
          continue;
        }
        plan = await planLiveCheck(f.ruleId, secret, { baseUrls, instances: { [need.providerId]: instance } });
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
  if (s.yes) {
    io.stderr(
      `payapi scan: ${escapeText(f.path)}:${f.line}: ` +
        `checking the ${plan.provider} secret ${f.preview}: ${escapeText(describeCalls(plan))}\n`,
    );
    return true;
  }
  return isYes(
    await io.ask?.(
      `Check whether the ${plan.provider} secret ${f.preview} at ${f.path}:${f.line} is live? ` +
        `${escapeText(describeCalls(plan))} [y/N] `,
    ),
  );
}
