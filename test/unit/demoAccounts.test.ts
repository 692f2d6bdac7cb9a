import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { AccountStore, secretKeyOf, webhookSecretKeyOf } from '../../src/core/accounts/store';
import { DEMO_SUFFIX, syncDemoAccounts } from '../../src/core/demo/demoAccounts';
import { DEMO_ENV, type DemoFile, type DemoRead, type RunMode, readDemo } from '../../src/core/demo/demoFile';
import { MemorySecretStore } from '../../src/core/secretStore';
import { MemoryState, helcimToken, p521Key } from './fixtures';
import { NO_POSIX_MODES, NO_SYMLINKS } from './platform';

const tmp: string[] = [];
after(() => {
  for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
});

function demoFile(): DemoFile {
  return {
    runId: randomUUID(),
    helcim: { token: helcimToken(), webhookSecret: Buffer.from(helcimToken(24)).toString('base64') },
    gr4vy: { instanceId: 'demo', privateKey: p521Key().pkcs8, webhookSecret: helcimToken(40).replace(/[!%@.]/g, 'x') },
    open: ['helcim/leaky.js', 'requests.http'],
  };
}

/** Writes `demo` as the launcher does: a 0600 file in a 0700 folder of its own (modes adjustable). */
function writeDemo(demo: unknown, o: { fileMode?: number; dirMode?: number; under?: string; text?: string } = {}) {
  const dir = fs.mkdtempSync(path.join(o.under ?? os.tmpdir(), 'payapi-demo-test-'));
  tmp.push(dir);
  const file = path.join(dir, 'demo.json');
  fs.writeFileSync(file, o.text ?? JSON.stringify(demo), { mode: 0o600 });
  fs.chmodSync(file, o.fileMode ?? 0o600);
  fs.chmodSync(dir, o.dirMode ?? 0o700);
  return file;
}

const read = (file: string | undefined, mode: RunMode = 'development', workspaceFolders: string[] = ['/nowhere/ws']) =>
  readDemo({ mode, env: { [DEMO_ENV]: file }, workspaceFolders });

const refusedBecause = (r: DemoRead, why: RegExp) => {
  assert.equal(r.kind, 'refused', JSON.stringify(r));
  assert.match(r.kind === 'refused' ? r.reason : '', why);
};

describe('demo file: only the launcher, in development mode, makes demo accounts', () => {
  it('development mode and the launcher’s file: the demo is on', () => {
    const demo = demoFile();
    const r = read(writeDemo(demo));
    assert.equal(r.kind, 'on');
    assert.deepEqual(r.kind === 'on' ? r.demo : undefined, demo);
  });

  it('the variable alone does nothing outside development mode (an installed extension, the test run)', () => {
    const file = writeDemo(demoFile());
    refusedBecause(read(file, 'production'), /production mode/);
    refusedBecause(read(file, 'test'), /test mode/);
  });

  it('no variable: off in every mode, whatever else exists', () => {
    for (const mode of ['development', 'production', 'test'] as const) {
      assert.deepEqual(read(undefined, mode), { kind: 'off' });
      assert.deepEqual(read('', mode), { kind: 'off' });
      assert.deepEqual(readDemo({ mode, env: {}, workspaceFolders: [] }), { kind: 'off' });
    }
  });

  it('a file inside a workspace folder is refused, even a perfect one (a repository cannot plant one)', () => {
    const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-demo-ws-'));
    tmp.push(ws);
    const file = writeDemo(demoFile(), { under: ws });
    refusedBecause(read(file, 'development', [ws]), /inside a workspace folder/);
    refusedBecause(read(ws, 'development', [ws]), /inside a workspace folder/);
    // A sibling whose name starts like the folder is not inside it.
    const sibling = writeDemo(demoFile(), { under: os.tmpdir() });
    assert.equal(read(sibling, 'development', [path.dirname(sibling).slice(0, -2)]).kind, 'on');
  });

  it('a file others may read, a folder others may open: refused', { skip: NO_POSIX_MODES }, () => {
    refusedBecause(read(writeDemo(demoFile(), { fileMode: 0o644 })), /0600/);
    refusedBecause(read(writeDemo(demoFile(), { dirMode: 0o755 })), /0700/);
  });

  it('a link to a perfect file: refused', { skip: NO_SYMLINKS }, () => {
    const real = writeDemo(demoFile());
    const link = path.join(path.dirname(real), 'link.json');
    fs.symlinkSync(real, link);
    refusedBecause(read(link), /regular file/);
  });

  it('a relative path, a missing file: refused', () => {
    refusedBecause(read('demo.json'), /absolute/);
    refusedBecause(read(path.join(os.tmpdir(), `payapi-missing-${randomUUID()}`, 'demo.json')), /cannot be read/);
  });

  it('a file of another user is refused', { skip: NO_POSIX_MODES }, () => {
    const file = writeDemo(demoFile(), { fileMode: 0o644 });
    refusedBecause(
      readDemo({ mode: 'development', env: { [DEMO_ENV]: file }, workspaceFolders: [], uid: 12345, platform: 'linux' }),
      /0600|another user/,
    );
    const own = writeDemo(demoFile());
    refusedBecause(
      readDemo({ mode: 'development', env: { [DEMO_ENV]: own }, workspaceFolders: [], uid: 12345 }),
      /another user/,
    );
  });

  it('on Windows the POSIX owner and mode checks are skipped', () => {
    const file = writeDemo(demoFile(), { fileMode: 0o644 });
    const win = readDemo({ mode: 'development', env: { [DEMO_ENV]: file }, workspaceFolders: [], platform: 'win32' });
    assert.equal(win.kind, 'on');
  });

  it('a malformed file is refused without quoting it (it holds secrets)', () => {
    const secret = helcimToken();
    const r = read(writeDemo(undefined, { text: `{"runId": "${secret}` }));
    refusedBecause(r, /not JSON/);
    assert.ok(!JSON.stringify(r).includes(secret.slice(0, 8)));
    refusedBecause(read(writeDemo({ ...demoFile(), runId: 'x' })), /not a demo file/);
    refusedBecause(read(writeDemo({ ...demoFile(), open: ['../../etc/passwd'] })), /not a demo file/);
    refusedBecause(read(writeDemo({ ...demoFile(), open: ['/etc/passwd'] })), /not a demo file/);
    refusedBecause(read(writeDemo({ ...demoFile(), helcim: {} })), /not a demo file/);
  });
});

function setup() {
  const global = new MemoryState();
  const workspace = new MemoryState();
  const secrets = new MemorySecretStore();
  const store = new AccountStore(global, workspace, secrets);
  return { global, workspace, secrets, store, deps: { store, state: global, secrets } };
}

const on = (demo: DemoFile): DemoRead => ({ kind: 'on', demo });

describe('demo accounts: once per run, gone on the next normal launch', () => {
  it('a demo run adds two sandbox accounts labelled as the local stand-in’s, secrets in secret storage only', async () => {
    const { global, workspace, secrets, store, deps } = setup();
    const demo = demoFile();
    const o = await syncDemoAccounts(on(demo), deps);
    assert.equal(o.kind, 'created');
    const accounts = store.list();
    assert.deepEqual(
      accounts.map((a) => [a.provider, a.label, a.environment, a.scope, a.webhookSecrets]),
      [
        ['helcim', `Helcim demo ${DEMO_SUFFIX}`, 'sandbox', 'workspace', 1],
        ['gr4vy', `Gr4vy demo ${DEMO_SUFFIX}`, 'sandbox', 'workspace', 1],
      ],
    );
    const [helcim, gr4vy] = accounts;
    assert.equal(await secrets.get(secretKeyOf(helcim?.id ?? '')), demo.helcim.token);
    assert.equal(await secrets.get(webhookSecretKeyOf(gr4vy?.id ?? '', 0)), demo.gr4vy.webhookSecret);
    assert.equal(gr4vy?.provider === 'gr4vy' && gr4vy.instanceId, 'demo');
    const state = global.dump() + workspace.dump();
    for (const s of [demo.helcim.token, demo.helcim.webhookSecret, demo.gr4vy.webhookSecret, demo.gr4vy.privateKey])
      assert.ok(!state.includes(s), 'no secret in state');
    assert.equal(store.activeId(), helcim?.id, 'the status bar shows a demo account');
  });

  it('a reload of the same run adds nothing; another run replaces them; a user’s own account is never touched', async () => {
    const { store, deps } = setup();
    const own = await store.add({
      provider: 'helcim',
      label: 'Mine',
      environment: 'sandbox',
      scope: 'global',
      secret: helcimToken(),
    });
    await store.setActive(own.account.id);
    const demo = demoFile();
    await syncDemoAccounts(on(demo), deps);
    const again = await syncDemoAccounts(on(demo), deps);
    assert.equal(again.kind, 'kept');
    assert.equal(store.list().length, 3);
    const next = await syncDemoAccounts(on(demoFile()), deps);
    assert.equal(next.kind === 'created' && next.removed, 2);
    assert.equal(store.list().length, 3);
    assert.ok(store.get(own.account.id), 'the user’s account stays');
    assert.equal(store.activeId(), own.account.id, 'the active account is not taken over');
  });

  it('the next normal launch (or a refused demo) removes them and their secrets; without a demo run nothing is written', async () => {
    for (const next of [{ kind: 'off' }, { kind: 'refused', reason: 'x' }] as DemoRead[]) {
      const { global, secrets, store, deps } = setup();
      await syncDemoAccounts(on(demoFile()), deps);
      const ids = store.list().map((a) => a.id);
      const o = await syncDemoAccounts(next, deps);
      assert.equal(o.kind, next.kind);
      assert.equal('removed' in o && o.removed, 2);
      assert.deepEqual(store.list(), []);
      for (const id of ids) {
        assert.equal(await secrets.get(secretKeyOf(id)), undefined);
        assert.equal(await secrets.get(webhookSecretKeyOf(id, 0)), undefined);
      }
      assert.equal(global.dump(), '[]', 'the record is gone too');
    }
    const { global, workspace, deps } = setup();
    assert.deepEqual(await syncDemoAccounts({ kind: 'off' }, deps), { kind: 'off', removed: 0 });
    assert.equal(global.dump() + workspace.dump(), '[][]');
  });

  it('accounts kept in the (deleted) demo workspace’s state: their secrets are removed from anywhere else', async () => {
    const { global, secrets, deps } = setup();
    await syncDemoAccounts(on(demoFile()), deps);
    const ids = deps.store.list().map((a) => a.id);
    const elsewhere = new AccountStore(global, new MemoryState(), secrets);
    const o = await syncDemoAccounts({ kind: 'off' }, { store: elsewhere, state: global, secrets });
    assert.equal(o.kind === 'off' && o.removed, 0, 'not visible here, so not counted');
    for (const id of ids) assert.equal(await secrets.get(secretKeyOf(id)), undefined);
  });

  it('a record of another shape (older version, damage) is ignored, not trusted', async () => {
    const { global, store, deps } = setup();
    await global.update('paymentApi.demoRun', { runId: 7, ids: 'all' });
    const own = await store.add({
      provider: 'helcim',
      label: 'Mine',
      environment: 'sandbox',
      scope: 'global',
      secret: helcimToken(),
    });
    await syncDemoAccounts({ kind: 'off' }, deps);
    assert.ok(store.get(own.account.id));
  });
});
