import type { Account } from '../providers/accountTypes';
import type { StateStore } from '../accounts/store';
import { invalidInput } from '../errors';
import { providerOfAccount } from '../providers/registry';

/**
 * One environment variable fed from a stored account: its secret (`part: 'secret'`) or one of the
 * provider's non-secret companions (Gr4vy: `instanceId`, `environment`, `merchantAccountId`).
 * Only names and ids are kept (in workspace state); values are read when a program starts.
 */
export interface EnvMapping {
  name: string;
  accountId: string;
  part: string;
}

/** What a workspace keeps: its mappings, whether injection is on, and the production go. */
export interface RuntimeEnvState {
  mappings: EnvMapping[];
  enabled: boolean;
  /** The one-time confirmation that production accounts may be injected in this workspace. */
  productionConfirmed: boolean;
}

const KEY = 'paymentApi.runtimeEnv';
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Variables a program's loader or shell depends on: feeding them from an account would break it. */
const RESERVED = new Set([
  'PATH',
  'HOME',
  'SHELL',
  'USER',
  'PWD',
  'TERM',
  'LANG',
  'NODE_OPTIONS',
  'NODE_PATH',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'DYLD_INSERT_LIBRARIES',
  'PYTHONPATH',
  'PYTHONSTARTUP',
  'BASH_ENV',
  'ENV',
  'PS1',
  'IFS',
]);

/** Checks a variable name; throws an error naming the problem. */
export function validateEnvName(input: string): string {
  const name = input.trim();
  if (name === '') throw invalidInput('The variable name is empty', 'For example HELCIM_API_TOKEN.');
  if (!NAME.test(name))
    throw invalidInput(
      `"${name.slice(0, 40)}" is not a valid environment variable name`,
      'Use letters, digits and underscores, not starting with a digit (at most 128).',
    );
  if (RESERVED.has(name.toUpperCase()))
    throw invalidInput(`${name} is used by the shell or the runtime itself; choose another name`);
  return name;
}

function isMapping(m: unknown): m is EnvMapping {
  if (!m || typeof m !== 'object') return false;
  const o = m as Record<string, unknown>;
  return (
    typeof o.name === 'string' && NAME.test(o.name) && typeof o.accountId === 'string' && typeof o.part === 'string'
  );
}

/** The mappings of one workspace, in its workspace state (names and account ids only, never values). */
export class EnvMappingStore {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly state: StateStore) {}

  read(): RuntimeEnvState {
    const raw = this.state.get<unknown>(KEY);
    const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    return {
      mappings: Array.isArray(o.mappings) ? o.mappings.filter(isMapping) : [],
      enabled: o.enabled !== false,
      productionConfirmed: o.productionConfirmed === true,
    };
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private async write(next: RuntimeEnvState): Promise<void> {
    await this.state.update(KEY, next);
    for (const l of this.listeners) l();
  }

  /** Adds or replaces the mapping of `m.name`. */
  async set(m: EnvMapping): Promise<void> {
    const s = this.read();
    const name = validateEnvName(m.name);
    await this.write({ ...s, mappings: [...s.mappings.filter((x) => x.name !== name), { ...m, name }] });
  }

  async remove(names: readonly string[]): Promise<void> {
    const s = this.read();
    await this.write({ ...s, mappings: s.mappings.filter((m) => !names.includes(m.name)) });
  }

  async setEnabled(enabled: boolean): Promise<void> {
    await this.write({ ...this.read(), enabled });
  }

  async confirmProduction(): Promise<void> {
    await this.write({ ...this.read(), productionConfirmed: true });
  }
}

/** What a mapping hands over, for people: "the api-token", "the instance id". */
export function describePart(account: Account, part: string): string {
  const spec = providerOfAccount(account);
  if (part === 'secret') return `the ${spec.secretNoun}`;
  return `the ${spec.envCompanions.find((c) => c.part === part)?.label ?? part}`;
}

/** The variables to hand to programs now, and why any mapping was left out. */
export interface ResolvedEnv {
  values: Record<string, string>;
  /** Names of the variables holding secrets (the rest are companions). */
  secretNames: string[];
  skipped: { name: string; why: string }[];
}

/** Nothing to hand over (injection off, or an untrusted workspace). */
export const NO_ENV: ResolvedEnv = { values: {}, secretNames: [], skipped: [] };

/**
 * Reads the values of the mappings: secrets from secret storage, companions from the account.
 * Mappings to removed accounts, missing secrets and (before the workspace's confirmation)
 * production accounts are skipped with a reason, never thrown.
 */
export async function resolveEnv(
  state: RuntimeEnvState,
  accounts: { get(id: string): Account | undefined; readSecret(id: string): Promise<string> },
): Promise<ResolvedEnv> {
  if (!state.enabled) return NO_ENV;
  const out: ResolvedEnv = { values: {}, secretNames: [], skipped: [] };
  for (const m of state.mappings) {
    const account = accounts.get(m.accountId);
    if (!account) {
      out.skipped.push({ name: m.name, why: 'its account was removed' });
      continue;
    }
    if (account.environment === 'production' && !state.productionConfirmed) {
      out.skipped.push({ name: m.name, why: `“${account.label}” is a production account, not confirmed here` });
      continue;
    }
    let value: string | undefined;
    if (m.part === 'secret') {
      try {
        value = await accounts.readSecret(account.id);
        out.secretNames.push(m.name);
      } catch {
        out.skipped.push({ name: m.name, why: `the secret of “${account.label}” is missing from secret storage` });
        continue;
      }
    } else {
      const companion = providerOfAccount(account).envCompanions.find((c) => c.part === m.part);
      value = companion?.value(account);
    }
    if (value === undefined || value === '') {
      out.skipped.push({ name: m.name, why: `“${account.label}” has no ${m.part}` });
      continue;
    }
    out.values[m.name] = value;
  }
  return out;
}

/** Merges mapped values into a debug configuration's `env`: what the configuration sets itself wins. */
export function mergeDebugEnv(
  configEnv: unknown,
  values: Record<string, string>,
): { env: Record<string, string | null>; overridden: string[] } {
  const own =
    configEnv && typeof configEnv === 'object' && !Array.isArray(configEnv)
      ? (configEnv as Record<string, string | null>)
      : {};
  const overridden = Object.keys(values).filter((k) => Object.hasOwn(own, k));
  return { env: { ...values, ...own }, overridden };
}
