import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Account } from '../../src/core/providers/accountTypes';
import { EnvMappingStore, mergeDebugEnv, resolveEnv, validateEnvName } from '../../src/core/runtimeEnv/mappings';
import { MemoryState, helcimToken } from './fixtures';

const helcim = (id: string, environment: 'sandbox' | 'production' = 'sandbox'): Account => ({
  id,
  provider: 'helcim',
  label: `Shop ${id}`,
  scope: 'global',
  environment,
  createdAt: '2026-01-01T00:00:00Z',
});
const gr4vy: Account = {
  id: 'g',
  provider: 'gr4vy',
  label: 'Acme',
  scope: 'global',
  environment: 'sandbox',
  createdAt: '2026-01-01T00:00:00Z',
  instanceId: 'acme',
  scopes: ['*.read'],
  kid: 'kid',
  keyFormat: 'PKCS#8 PEM',
};

describe('environment variable mappings', () => {
  it('validates names: shell-safe, not the variables a shell or runtime depends on', () => {
    assert.equal(validateEnvName(' HELCIM_API_TOKEN '), 'HELCIM_API_TOKEN');
    for (const bad of ['', '1ABC', 'A-B', 'A B', 'x'.repeat(129)]) assert.throws(() => validateEnvName(bad));
    for (const reserved of ['PATH', 'node_options', 'LD_PRELOAD'])
      assert.throws(() => validateEnvName(reserved), /used by/);
  });

  it('the store keeps names and ids only, ignores malformed state and tells listeners', async () => {
    const state = new MemoryState();
    const store = new EnvMappingStore(state);
    let changes = 0;
    store.onDidChange(() => changes++);
    await store.set({ name: 'HELCIM_API_TOKEN', accountId: 'a', part: 'secret' });
    await store.set({ name: 'HELCIM_API_TOKEN', accountId: 'b', part: 'secret' });
    assert.deepEqual(store.read().mappings, [{ name: 'HELCIM_API_TOKEN', accountId: 'b', part: 'secret' }]);
    await assert.rejects(store.set({ name: 'PATH', accountId: 'b', part: 'secret' }));
    assert.equal(changes, 2);
    await state.update('paymentApi.runtimeEnv', { mappings: [{ name: 'bad name', accountId: 1 }, null], enabled: 'x' });
    assert.deepEqual(store.read(), { mappings: [], enabled: true, productionConfirmed: false });
  });

  it('resolves secrets and companions; skips removed accounts, missing secrets and unconfirmed production', async () => {
    const token = helcimToken();
    const accounts = new Map<string, Account>([
      ['a', helcim('a')],
      ['p', helcim('p', 'production')],
      ['m', helcim('m')],
      ['g', gr4vy],
    ]);
    const secrets = new Map([
      ['a', token],
      ['p', token],
      ['g', 'PEM'],
    ]);
    const src = {
      get: (id: string) => accounts.get(id),
      readSecret: async (id: string) => {
        const s = secrets.get(id);
        if (!s) throw new Error('missing');
        return s;
      },
    };
    const mappings = [
      { name: 'A', accountId: 'a', part: 'secret' },
      { name: 'P', accountId: 'p', part: 'secret' },
      { name: 'M', accountId: 'm', part: 'secret' },
      { name: 'GONE', accountId: 'x', part: 'secret' },
      { name: 'GR4VY_ID', accountId: 'g', part: 'instanceId' },
      { name: 'GR4VY_MERCHANT_ACCOUNT_ID', accountId: 'g', part: 'merchantAccountId' },
    ];
    const r = await resolveEnv({ mappings, enabled: true, productionConfirmed: false }, src);
    assert.deepEqual(r.values, { A: token, GR4VY_ID: 'acme' });
    assert.deepEqual(r.secretNames, ['A']);
    assert.match(r.skipped.find((x) => x.name === 'P')?.why ?? '', /is a production account, not confirmed here/);
    assert.deepEqual(
      r.skipped.map((s) => s.name),
      ['P', 'M', 'GONE', 'GR4VY_MERCHANT_ACCOUNT_ID'],
    );
    for (const s of r.skipped) assert.ok(!s.why.includes(token));
    const confirmed = await resolveEnv({ mappings, enabled: true, productionConfirmed: true }, src);
    assert.equal(confirmed.values.P, token);
    const off = await resolveEnv({ mappings, enabled: false, productionConfirmed: true }, src);
    assert.deepEqual(off.values, {});
  });

  it("debug env: the configuration's own values win, and are reported", () => {
    assert.deepEqual(mergeDebugEnv({ A: 'own', C: null }, { A: 'mapped', B: 'b' }), {
      env: { A: 'own', B: 'b', C: null },
      overridden: ['A'],
    });
    assert.deepEqual(mergeDebugEnv(undefined, { B: 'b' }).env, { B: 'b' });
    assert.deepEqual(mergeDebugEnv(['x'], { B: 'b' }).env, { B: 'b' });
  });
});
