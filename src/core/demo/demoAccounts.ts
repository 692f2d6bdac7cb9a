import { type AccountStore, type StateStore, secretKeyOf, webhookSecretKeyOf } from '../accounts/store';
import type { Account, AccountDraft, ProviderId } from '../providers/accountTypes';
import { GR4VY_DEFAULT_SCOPES } from '../providers/gr4vy/scopes';
import { providerOf } from '../providers/registry';
import type { SecretStore } from '../secretStore';
import type { DemoFile, DemoRead } from './demoFile';

/** What every demo account's name ends with, so it is never mistaken for a real one. */
export const DEMO_SUFFIX = '(local stand-in)';
const demoLabel = (id: ProviderId) => `${providerOf(id).displayName} demo ${DEMO_SUFFIX}`;
/** The demo accounts' names: provider (as the registry names it), "demo", and where they connect. */
export const DEMO_LABELS = { helcim: demoLabel('helcim'), gr4vy: demoLabel('gr4vy') } as const;

/** Global state: the run whose demo accounts exist, and their ids (written only by {@link syncDemoAccounts}). */
export const DEMO_RECORD_KEY = 'paymentApi.demoRun';

interface DemoRecord {
  runId: string;
  ids: string[];
}

/** What {@link syncDemoAccounts} did. */
export type DemoOutcome =
  /** Not a demo run; `removed` demo accounts of an earlier run were removed. */
  | { kind: 'off'; removed: number }
  /** The demo variable was set but not honoured (see {@link DemoRead}); leftovers removed as for `off`. */
  | { kind: 'refused'; reason: string; removed: number }
  /** This run's accounts already exist (the window was reloaded): nothing was added. */
  | { kind: 'kept'; accounts: Account[] }
  /** This run's accounts were made, after removing `removed` of an earlier run. */
  | { kind: 'created'; accounts: Account[]; removed: number; demo: DemoFile };

/** Where accounts, their secrets and the record of demo accounts are kept. */
export interface DemoDeps {
  store: AccountStore;
  /** The extension's global state: where the record of demo accounts is kept. */
  state: StateStore;
  secrets: SecretStore;
}

function readRecord(state: StateStore): DemoRecord | undefined {
  const v = state.get<unknown>(DEMO_RECORD_KEY);
  if (!v || typeof v !== 'object') return undefined;
  const { runId, ids } = v as Record<string, unknown>;
  if (typeof runId !== 'string' || !Array.isArray(ids)) return undefined;
  return { runId, ids: ids.filter((id): id is string => typeof id === 'string') };
}

/**
 * Makes the run's two sandbox demo accounts (Helcim, and Gr4vy with the run's P-521 key), each with
 * its webhook secret, once per run: a reload finds them by the run id and adds nothing. Any other
 * launch (not a demo, a refused one, or another run) removes the demo accounts an earlier run made,
 * with their secrets, even when they live in another workspace's state. Only accounts this function
 * recorded are ever removed. Throws what {@link AccountStore.add} throws (no secret in it).
 * @example await syncDemoAccounts(readDemo({ mode, env: process.env, workspaceFolders }), { store, state, secrets })
 */
export async function syncDemoAccounts(read: DemoRead, deps: DemoDeps): Promise<DemoOutcome> {
  const record = readRecord(deps.state);
  if (read.kind === 'on' && record?.runId === read.demo.runId)
    return { kind: 'kept', accounts: record.ids.flatMap((id) => deps.store.get(id) ?? []) };
  const removed = record ? await removeRecorded(record, deps) : 0;
  if (read.kind === 'off') return { kind: 'off', removed };
  if (read.kind === 'refused') return { kind: 'refused', reason: read.reason, removed };
  return { kind: 'created', accounts: await createDemoAccounts(read.demo, deps), removed, demo: read.demo };
}

async function removeRecorded(record: DemoRecord, deps: DemoDeps): Promise<number> {
  let removed = 0;
  for (const id of record.ids) {
    if (deps.store.get(id)) {
      await deps.store.remove(id);
      removed++;
    } else {
      // Kept in another workspace's state (the demo workspace is gone): its secrets are still global.
      await deps.secrets.delete(secretKeyOf(id));
      for (const slot of [0, 1] as const) await deps.secrets.delete(webhookSecretKeyOf(id, slot));
    }
  }
  await deps.state.update(DEMO_RECORD_KEY, undefined);
  return removed;
}

async function createDemoAccounts(demo: DemoFile, deps: DemoDeps): Promise<Account[]> {
  const record: DemoRecord = { runId: demo.runId, ids: [] };
  // Recorded before each account is added, so a reload half-way never makes a second set.
  await deps.state.update(DEMO_RECORD_KEY, record);
  const drafts: [AccountDraft & { role?: string }, string][] = [
    [
      {
        provider: 'helcim',
        label: DEMO_LABELS.helcim,
        environment: 'sandbox',
        scope: 'workspace',
        secret: demo.helcim.token,
      },
      demo.helcim.webhookSecret,
    ],
    [
      {
        provider: 'gr4vy',
        label: DEMO_LABELS.gr4vy,
        environment: 'sandbox',
        scope: 'workspace',
        instanceId: demo.gr4vy.instanceId,
        scopes: [...GR4VY_DEFAULT_SCOPES],
        role: 'full',
        secret: demo.gr4vy.privateKey,
      },
      demo.gr4vy.webhookSecret,
    ],
  ];
  const accounts: Account[] = [];
  for (const [draft, webhookSecret] of drafts) {
    const { account } = await deps.store.add(draft);
    record.ids.push(account.id);
    await deps.state.update(DEMO_RECORD_KEY, { ...record, ids: [...record.ids] });
    accounts.push(await deps.store.setWebhookSecrets(account.id, [webhookSecret]));
  }
  const first = accounts[0];
  if (first && !deps.store.activeId()) await deps.store.setActive(first.id);
  return accounts;
}
