import type { ConnectionResult, Gr4vyTarget } from '../accountTypes';
import { httpGet, withoutTrailingSlashes } from '../../http/request';
import { parseBoundedJson } from '../../jsonLimits';
import { blankUnsafe } from '../../text/escape';
import { TOOL_ID } from '../../version';
import type { FieldChoice, TestOptions } from '../types';
import { gr4vyBaseUrl } from './connection';
import { validateMerchantAccountId } from './fields';
import { signGr4vyToken } from './token';

/** Pages followed at most, and items kept: an instance lists far fewer; an answer never grows without bound. */
const MAX_PAGES = 5;
const MAX_ITEMS = 500;

/** What Gr4vy says about the key itself (`GET /api-key-pairs`, matched by thumbprint = kid). */
export interface KeyPairFacts {
  name: string;
  /** "ECDSA" or "RSA". */
  algorithm: string;
  active: boolean;
  lastUsedAt: string | null;
  /** Its roles with the scopes each grants (`permissions.allow`). */
  roles: { name: string; scopes: string[] }[];
  /** The merchant accounts it may reach; empty: all of them. */
  merchantAccounts: { id: string; name: string }[];
}

const text = (v: unknown, max = 100): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? blankUnsafe(v).trim().slice(0, max) : undefined;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SCOPE = /^[\w*.-]{1,100}$/;
const MAX_ROLES = 10;
const MAX_SCOPES = 200;
const MAX_MERCHANTS = 20;

/** The first `max` items of a list in an answer ([] for anything else). */
const firstOf = (v: unknown, max: number): unknown[] => (Array.isArray(v) ? (v as unknown[]).slice(0, max) : []);

/**
 * The items of a Gr4vy list endpoint, page by page (`cursor`, `next_cursor`), signed with a
 * 30-second token that carries only `scope`. Undefined when Gr4vy would not say: any answer but
 * 200 (a 403 when the key's role lacks the scope), a network failure, or a body that is not a list.
 * Never throws.
 */
async function listAll(t: Gr4vyTarget, path: string, scope: string, opts: TestOptions): Promise<unknown[] | undefined> {
  const base = withoutTrailingSlashes(opts.baseUrl ?? gr4vyBaseUrl(t.instanceId, t.environment));
  const items: unknown[] = [];
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES && items.length < MAX_ITEMS; page++) {
      const token = await signGr4vyToken(t.key, { scopes: [scope], expiresInSeconds: 30, now: opts.clock });
      const query = `limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const res = await httpGet(
        `${base}${path}?${query}`,
        { accept: 'application/json', authorization: `bearer ${token}`, 'user-agent': TOOL_ID },
        opts,
      );
      if (res.status !== 200) return undefined;
      const body = parseBoundedJson(res.body, 'answer');
      if (!isRecord(body) || !Array.isArray(body.items)) return undefined;
      items.push(...(body.items as unknown[]).slice(0, MAX_ITEMS - items.length));
      const next = body.next_cursor;
      if (typeof next !== 'string' || next === '' || next.length > 1000 || next === cursor) break;
      cursor = next;
    }
  } catch {
    return undefined;
  }
  return items;
}

/**
 * The merchant accounts the key may see, as picks (`GET /merchant-accounts`, scope
 * merchant-accounts.read); undefined when Gr4vy would not say, and the id is then typed.
 */
export async function merchantAccountChoices(t: Gr4vyTarget, opts: TestOptions): Promise<FieldChoice[] | undefined> {
  const items = await listAll(t, '/merchant-accounts', 'merchant-accounts.read', opts);
  if (!items) return undefined;
  const choices = items.flatMap((item): FieldChoice[] => {
    if (!isRecord(item) || typeof item.id !== 'string') return [];
    try {
      const id = validateMerchantAccountId(item.id);
      return id ? [{ label: text(item.display_name) ?? id, description: id, value: id }] : [];
    } catch {
      return [];
    }
  });
  return [{ label: 'None', description: 'no merchant account header: the default account', value: '' }, ...choices];
}

/** The key's own entry in `GET /api-key-pairs` (scope api-key-pairs.read), or undefined when Gr4vy would not say. */
export async function keyPairFacts(t: Gr4vyTarget, opts: TestOptions): Promise<KeyPairFacts | undefined> {
  const items = await listAll(t, '/api-key-pairs', 'api-key-pairs.read', opts);
  const mine = items?.find((i) => isRecord(i) && i.thumbprint === t.key.kid);
  if (!isRecord(mine)) return undefined;
  // Bounded: what is kept is stored with the result and shown in tooltips.
  const roles = firstOf(mine.roles, MAX_ROLES)
    .filter(isRecord)
    .map((r) => ({
      name: text(r.name) ?? text(r.slug) ?? 'unnamed role',
      scopes: firstOf(isRecord(r.permissions) ? r.permissions.allow : undefined, MAX_SCOPES).filter(
        (s): s is string => typeof s === 'string' && SCOPE.test(s),
      ),
    }));
  const merchantAccounts = firstOf(mine.merchant_accounts, MAX_MERCHANTS)
    .filter(isRecord)
    .flatMap((m) => (text(m.id, 50) ? [{ id: text(m.id, 50) ?? '', name: text(m.display_name) ?? '' }] : []));
  return {
    name: text(mine.display_name) ?? 'unnamed key',
    algorithm: text(mine.algorithm, 20) ?? 'unknown',
    active: mine.active !== false,
    lastUsedAt: text(mine.last_used_at, 40) ?? null,
    roles,
    merchantAccounts,
  };
}

/**
 * The scopes a role grants, from `GET /roles` (scope roles.read), found by the name Gr4vy's
 * dashboard shows ("System management only") or its slug; undefined when Gr4vy would not say.
 */
export async function roleScopes(t: Gr4vyTarget, roleName: string, opts: TestOptions): Promise<string[] | undefined> {
  const items = await listAll(t, '/roles', 'roles.read', opts);
  const wanted = roleName.toLowerCase();
  const role = items?.find(
    (r) => isRecord(r) && (text(r.name)?.toLowerCase() === wanted || text(r.slug)?.toLowerCase() === wanted),
  );
  if (!isRecord(role) || !isRecord(role.permissions) || !Array.isArray(role.permissions.allow)) return undefined;
  return role.permissions.allow.filter((s): s is string => typeof s === 'string' && SCOPE.test(s));
}

/**
 * A connected result with what Gr4vy says about the key: its entry in `GET /api-key-pairs`
 * (name, roles and their scopes, merchant accounts, last use), else the scopes of the role the
 * user gave from `GET /roles`. Each is asked only where the key may read it; nothing is added
 * when Gr4vy would not say. Never throws.
 */
export async function withKeyFacts(
  r: ConnectionResult,
  t: Gr4vyTarget,
  roleName: string | undefined,
  opts: TestOptions,
): Promise<ConnectionResult> {
  if (!r.ok) return r;
  const facts = await keyPairFacts(t, opts);
  if (facts) {
    const grantedScopes = [...new Set(facts.roles.flatMap((x) => x.scopes))];
    return { ...r, keyFacts: describeKeyPair(facts), ...(facts.roles.length ? { grantedScopes } : {}) };
  }
  const scopes = roleName ? await roleScopes(t, roleName, opts) : undefined;
  return scopes ? { ...r, grantedScopes: scopes } : r;
}

/** "“Production key”: roles Full access; all merchant accounts; last used 2026-11-30T…": for people. */
export function describeKeyPair(f: KeyPairFacts): string {
  const roles = f.roles.length ? f.roles.map((r) => r.name).join(', ') : 'none listed';
  const merchants = f.merchantAccounts.length
    ? `merchant accounts ${f.merchantAccounts.map((m) => m.id).join(', ')}`
    : 'all merchant accounts';
  const used = f.lastUsedAt ? `last used ${f.lastUsedAt}` : 'never used before';
  const state = `${f.algorithm}${f.active ? '' : ', INACTIVE'}`;
  return `Gr4vy knows this key as “${f.name}” (${state}): role ${roles}; ${merchants}; ${used}`;
}
