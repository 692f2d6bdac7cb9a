import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountStore, secretKeyOf } from '../../src/core/accounts/store';
import { isAppError } from '../../src/core/errors';
import { MemorySecretStore } from '../../src/core/secretStore';
import { MemoryState, helcimToken, independentThumbprint, p521Key } from './fixtures';

function setup() {
  const global = new MemoryState();
  const workspace = new MemoryState();
  const secrets = new MemorySecretStore();
  return { global, workspace, secrets, store: new AccountStore(global, workspace, secrets) };
}

describe('AccountStore', () => {
  it('adds a Helcim account: the token in the secret store only, settings in state', async () => {
    const { global, workspace, secrets, store } = setup();
    const token = helcimToken();
    const { account, summary } = await store.add({
      provider: 'helcim',
      label: ' Shop ',
      environment: 'production',
      scope: 'global',
      secret: `  ${token}\n`,
    });
    assert.equal(account.label, 'Shop');
    assert.equal(summary, `api-token ••••••••${token.slice(-4)}`);
    assert.equal(await secrets.get(secretKeyOf(account.id)), token);
    assert.deepEqual(
      store.list().map((a) => a.id),
      [account.id],
    );
    assert.ok(!global.dump().includes(token) && !workspace.dump().includes(token));
    assert.ok(!global.dump().includes(token.slice(-4)), 'not even the last four characters are kept in state');
  });

  it('adds a Gr4vy account from SEC1: stores PKCS#8, keeps kid and format; workspace scope', async () => {
    const { global, workspace, secrets, store } = setup();
    const k = p521Key();
    const { account, summary } = await store.add({
      provider: 'gr4vy',
      label: 'EU',
      environment: 'sandbox',
      scope: 'workspace',
      secret: k.sec1,
      instanceId: 'Acme',
      scopes: ['*.read'],
      merchantAccountId: 'default',
    });
    assert.equal(account.provider, 'gr4vy');
    if (account.provider !== 'gr4vy') return;
    assert.equal(account.kid, independentThumbprint(k.x, k.y));
    assert.equal(account.instanceId, 'acme');
    assert.equal(account.merchantAccountId, 'default');
    assert.match(summary, /^SEC1 PEM \(EC PRIVATE KEY\), EC P-521 \(ES512\), kid /);
    assert.match((await secrets.get(secretKeyOf(account.id))) ?? '', /^-{5}BEGIN PRIVATE KEY-{5}/);
    assert.equal(global.data.size, 0);
    const body = k.pkcs8.split('\n')[1] ?? '';
    assert.ok(!workspace.dump().includes(body), 'no key material in state');
    assert.equal((await store.readSigningKey(account.id)).kid, account.kid);
  });

  it('refuses malformed input before anything is stored', async () => {
    const { global, secrets, store } = setup();
    const changes: string[] = [];
    secrets.onDidChange((k) => changes.push(k));
    await assert.rejects(
      store.add({ provider: 'helcim', label: 'x', environment: 'sandbox', scope: 'global', secret: 'short' }),
      /too short/,
    );
    await assert.rejects(
      store.add({
        provider: 'gr4vy',
        label: 'x',
        environment: 'sandbox',
        scope: 'global',
        secret: p521Key().publicKey.export({ format: 'pem', type: 'spki' }).toString(),
        instanceId: 'a',
        scopes: ['*.read'],
      }),
      /public key/,
    );
    await assert.rejects(
      store.add({ provider: 'helcim', label: '', environment: 'sandbox', scope: 'global', secret: helcimToken() }),
      /name is empty/,
    );
    assert.deepEqual(changes, []);
    assert.equal(global.data.size, 0);
  });

  it('renames, rotates (clearing the last result), records results, removes secret and settings', async () => {
    const { global, secrets, store } = setup();
    const first = helcimToken();
    const { account } = await store.add({
      provider: 'helcim',
      label: 'A',
      environment: 'sandbox',
      scope: 'global',
      secret: first,
    });
    await store.recordResult(account.id, {
      ok: true,
      outcome: 'connected',
      message: 'ok',
      at: new Date().toISOString(),
    });
    assert.equal(store.get(account.id)?.lastResult?.outcome, 'connected');
    await store.rename(account.id, 'B');
    assert.equal(store.get(account.id)?.label, 'B');
    const second = helcimToken();
    await store.replaceSecret(account.id, second);
    assert.equal(await store.readSecret(account.id), second);
    assert.equal(store.get(account.id)?.lastResult, undefined);
    await store.setActive(account.id);
    assert.equal(store.activeId(), account.id);
    await store.remove(account.id);
    assert.equal(store.list().length, 0);
    assert.equal(await secrets.get(secretKeyOf(account.id)), undefined);
    assert.equal(store.activeId(), undefined);
    assert.ok(!global.dump().includes(first) && !global.dump().includes(second));
  });

  it('keeps concurrent result updates (no lost writes)', async () => {
    const { store } = setup();
    const ids = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (
          await store.add({
            provider: 'helcim',
            label: `A${i}`,
            environment: 'sandbox',
            scope: 'global',
            secret: helcimToken(),
          })
        ).account.id,
      );
    await Promise.all(ids.map((id) => store.recordResult(id, { ok: true, outcome: 'connected', message: id, at: '' })));
    assert.deepEqual(
      store.list().map((a) => a.lastResult?.message),
      ids,
    );
  });

  it('says which secret is missing when the keychain lost it', async () => {
    const { secrets, store } = setup();
    const { account } = await store.add({
      provider: 'helcim',
      label: 'Lost',
      environment: 'sandbox',
      scope: 'global',
      secret: helcimToken(),
    });
    await secrets.delete(secretKeyOf(account.id));
    await assert.rejects(
      store.readSecret(account.id),
      (e: unknown) => isAppError(e, 'ERR_NOT_FOUND') && /"Lost" is missing/.test(e.message),
    );
    await assert.rejects(store.rename('nope', 'x'), (e: unknown) => isAppError(e, 'ERR_NOT_FOUND'));
  });

  it('ignores malformed state from elsewhere', () => {
    const global = new MemoryState();
    global.data.set('paymentApi.accounts', [
      { id: 1 },
      null,
      'x',
      { id: 'a', label: 'ok', provider: 'helcim', environment: 'sandbox' },
    ]);
    const store = new AccountStore(global, new MemoryState(), new MemorySecretStore());
    assert.deepEqual(
      store.list().map((a) => a.label),
      ['ok'],
    );
  });

  it('knows the secrets it has seen, for log redaction', async () => {
    const { store } = setup();
    const t = helcimToken();
    const k = p521Key();
    await store.add({ provider: 'helcim', label: 'A', environment: 'sandbox', scope: 'global', secret: t });
    await store.add({
      provider: 'gr4vy',
      label: 'G',
      environment: 'sandbox',
      scope: 'global',
      secret: k.pkcs8,
      instanceId: 'a',
      scopes: ['*.read'],
    });
    const known = store.knownSecrets();
    assert.ok(known.includes(t));
    assert.ok(known.some((s) => s.includes(k.pkcs8.split('\n')[1] ?? '~')));
  });
});
