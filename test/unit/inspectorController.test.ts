import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { AccountStore } from '../../src/core/accounts/store';
import { InspectorController } from '../../src/core/inspector/controller';
import { decodeJwt } from '../../src/core/jwt/decode';
import { signGr4vyToken } from '../../src/core/providers/gr4vy/token';
import { readSigningKey } from '../../src/core/keys/privateKey';
import type { Logger } from '../../src/core/logger';
import { MemorySecretStore } from '../../src/core/secretStore';
import type { TestOptions } from '../../src/core/providers/types';
import type { ToWebview } from '../../src/shared/protocol';
import { type Gr4vyServerLog, MemoryState, gr4vyHandler, helcimToken, p521Key, startServer } from './fixtures';

const NOW = new Date('2026-03-01T12:00:00Z');

function setup(opts: { now?: () => Date; requestOptions?: (provider: string) => TestOptions } = {}) {
  const store = new AccountStore(new MemoryState(), new MemoryState(), new MemorySecretStore());
  const lines: string[] = [];
  const log: Logger = {
    trace: (m) => lines.push(m),
    info: (m) => lines.push(m),
    warn: (m) => lines.push(m),
    error: (m) => lines.push(m),
  };
  const copied: string[] = [];
  const controller = new InspectorController({
    store,
    log,
    maxLifetimeSeconds: () => 3600,
    copy: async (text) => void copied.push(text),
    now: opts.now ?? (() => NOW),
    ...(opts.requestOptions ? { requestOptions: opts.requestOptions } : {}),
  });
  return { store, controller, lines, copied };
}

function reply<T extends ToWebview['type']>(msg: ToWebview | undefined, type: T): Extract<ToWebview, { type: T }> {
  assert.ok(msg, 'no reply');
  assert.equal(msg.type, type);
  return msg as Extract<ToWebview, { type: T }>;
}

describe('InspectorController (core, no editor)', () => {
  let key: ReturnType<typeof p521Key>;
  before(() => {
    key = p521Key();
  });

  async function withGr4vy(opts: Parameters<typeof setup>[0] = {}) {
    const s = setup(opts);
    const { account } = await s.store.add({
      provider: 'gr4vy',
      label: 'Acme',
      environment: 'sandbox',
      scope: 'global',
      secret: key.pkcs8,
      instanceId: 'acme',
      scopes: ['*.read'],
    });
    await s.store.add({
      provider: 'helcim',
      label: 'Shop',
      environment: 'sandbox',
      scope: 'global',
      secret: helcimToken(),
    });
    return { ...s, account };
  }

  it("notes scopes the key's role does not grant, once a connection test learnt them; none before", async () => {
    const { controller, account, store } = await withGr4vy();
    const msg = {
      type: 'sign' as const,
      requestId: 30,
      accountId: account.id,
      scopes: 'buyers.read, transactions.read, reports.write',
      expiresIn: '',
      embed: '',
      checkoutSessionId: '',
      createCheckoutSession: false,
    };
    const codes = async (requestId: number) => {
      const r = reply(await controller.handle({ ...msg, requestId }), 'signed');
      assert.ok(r.result.ok, JSON.stringify(r.result));
      return r.result.value.inspection.notes.filter((n) => n.code === 'scope-not-granted').map((n) => n.message);
    };
    assert.deepEqual(await codes(30), []);
    await store.recordResult(account.id, {
      ok: true,
      outcome: 'connected',
      message: 'Connected',
      at: NOW.toISOString(),
      grantedScopes: ['transactions.read', 'reports.read', '*.write'],
    });
    const notes = await codes(31);
    assert.equal(notes.length, 1, notes.join('\n'));
    assert.match(notes[0] ?? '', /^buyers\.read is not among the scopes the key's role grants .*Gr4vy will answer 403/);
    // Pasting the token back in finds the account by kid and notes the same.
    const signed = reply(await controller.handle({ ...msg, requestId: 32 }), 'signed');
    assert.ok(signed.result.ok);
    const inspected = reply(
      await controller.handle({ type: 'inspect', requestId: 33, token: signed.result.value.token }),
      'inspected',
    );
    assert.ok(inspected.result.ok);
    assert.ok(inspected.result.value.notes.some((n) => n.code === 'scope-not-granted'));
  });

  it('init lists Gr4vy accounts only, with public facts and no key material', async () => {
    const { controller, account } = await withGr4vy();
    const init = reply(await controller.handle({ type: 'ready' }), 'init');
    assert.deepEqual(
      init.accounts.map((a) => a.id),
      [account.id],
    );
    assert.doesNotMatch(JSON.stringify(init), /PRIVATE KEY|"d":/);
  });

  it('inspects with the injected clock: a token that expired a minute before "now" is expired', async () => {
    const { controller } = setup();
    const signing = await readSigningKey(key.pkcs8);
    const old = await signGr4vyToken(signing, { now: () => new Date(NOW.getTime() - 90_000) });
    const r = reply(await controller.handle({ type: 'inspect', requestId: 1, token: old }), 'inspected');
    assert.ok(r.result.ok);
    assert.ok(
      r.result.value.notes.some((n) => n.code === 'expired'),
      JSON.stringify(r.result.value.notes),
    );
  });

  it('uses a stored account whose kid matches the token to check alg against its key', async () => {
    const { controller, account } = await withGr4vy();
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const kid = account.provider === 'gr4vy' ? account.kid : '';
    const payload = b64({ scopes: ['*.read'], exp: NOW.getTime() / 1000 + 30, nbf: NOW.getTime() / 1000, jti: 'j' });
    const token = `${b64({ alg: 'ES256', kid, typ: 'JWT' })}.${payload}.${Buffer.alloc(64, 1).toString('base64url')}`;
    const known = reply(await controller.handle({ type: 'inspect', requestId: 2, token }), 'inspected');
    assert.ok(known.result.ok);
    assert.ok(
      known.result.value.notes.some((n) => n.code === 'alg-key-mismatch'),
      JSON.stringify(known.result.value.notes),
    );
    const unknown = reply(await setup().controller.handle({ type: 'inspect', requestId: 2, token }), 'inspected');
    assert.ok(unknown.result.ok);
    assert.ok(!unknown.result.value.notes.some((n) => n.code === 'alg-key-mismatch'));
  });

  it('verifies with the stored account at the injected time, and reports a bad signature', async () => {
    const { controller, account } = await withGr4vy();
    const signing = await readSigningKey(key.pkcs8);
    const token = await signGr4vyToken(signing, { now: () => NOW });
    const ok = reply(
      await controller.handle({
        type: 'verify',
        requestId: 3,
        token,
        key: { source: 'account', accountId: account.id },
        ignoreExpiry: false,
      }),
      'verified',
    );
    assert.ok(ok.result.ok && ok.result.value.ok, JSON.stringify(ok.result));
    const other = p521Key();
    const bad = reply(
      await controller.handle({
        type: 'verify',
        requestId: 4,
        token,
        key: { source: 'pasted', text: other.pkcs8 },
        ignoreExpiry: false,
      }),
      'verified',
    );
    assert.ok(bad.result.ok);
    assert.equal(bad.result.value.code, 'badSignature');
    assert.match(bad.result.value.message, /You pasted a private key/);
  });

  it('signs with the account at the injected time; the log names the account, never the token', async () => {
    const { controller, account, lines } = await withGr4vy();
    const r = reply(
      await controller.handle({
        type: 'sign',
        requestId: 5,
        accountId: account.id,
        scopes: '',
        expiresIn: '2m',
        embed: '',
        checkoutSessionId: '',
      }),
      'signed',
    );
    assert.ok(r.result.ok, JSON.stringify(r.result));
    const { header, payload } = decodeJwt(r.result.value.token);
    assert.equal(header.kid, account.provider === 'gr4vy' ? account.kid : undefined);
    assert.equal(payload.nbf, NOW.getTime() / 1000);
    assert.equal(payload.exp, NOW.getTime() / 1000 + 120);
    assert.ok(lines.some((l) => l.includes('"Acme"')));
    assert.ok(!lines.some((l) => l.includes(r.result.ok ? r.result.value.token : '?')));
  });

  it('answers bad input with specific errors, never throws', async () => {
    const { controller, store } = await withGr4vy();
    const helcim = store.list().find((a) => a.provider === 'helcim');
    assert.ok(helcim);
    const notGr4vy = reply(
      await controller.handle({
        type: 'sign',
        requestId: 6,
        accountId: helcim.id,
        scopes: '',
        expiresIn: '',
        embed: '',
        checkoutSessionId: '',
      }),
      'signed',
    );
    assert.deepEqual(notGr4vy.result, { ok: false, error: '“Shop” is not a Gr4vy account' });
    const gone = reply(
      await controller.handle({
        type: 'sign',
        requestId: 7,
        accountId: 'nope',
        scopes: '',
        expiresIn: '',
        embed: '',
        checkoutSessionId: '',
      }),
      'signed',
    );
    assert.equal(gone.result.ok, false);
    const garbage = reply(await controller.handle({ type: 'inspect', requestId: 8, token: 'not.a.jwt' }), 'inspected');
    assert.equal(garbage.result.ok, false);
  });

  it('copy goes to the injected clipboard', async () => {
    const { controller, copied } = setup();
    assert.equal(await controller.handle({ type: 'copy', text: 'kid-abc', what: 'key id' }), undefined);
    assert.deepEqual(copied, ['kid-abc']);
  });

  it('re-signs a token the account signed (expiry ignored), and refuses one another key signed', async () => {
    const { controller, account } = await withGr4vy();
    const signing = await readSigningKey(key.pkcs8);
    const old = await signGr4vyToken(signing, {
      embed: { amount: 3 },
      checkoutSessionId: 'cs-3',
      now: () => new Date(NOW.getTime() - 86_400_000),
    });
    const r = reply(
      await controller.handle({ type: 'resign', requestId: 11, token: old, accountId: account.id, expiresIn: '' }),
      'signed',
    );
    assert.ok(r.result.ok, JSON.stringify(r.result));
    const p = decodeJwt(r.result.value.token).payload;
    assert.deepEqual(
      [p.scopes, p.embed, p.checkout_session_id, p.nbf],
      [['embed'], { amount: 3 }, 'cs-3', NOW.getTime() / 1000],
    );
    const foreign = await signGr4vyToken(await readSigningKey(p521Key().pkcs8), { now: () => NOW });
    const no = reply(
      await controller.handle({ type: 'resign', requestId: 12, token: foreign, accountId: account.id, expiresIn: '' }),
      'signed',
    );
    assert.equal(no.result.ok, false);
    assert.match(no.result.ok ? '' : no.result.error, /^Not re-signed: The signature does not match/);
  });

  it('creates a checkout session first when asked, and pins its id; a refusal is a specific error', async () => {
    const log: Gr4vyServerLog = { tokens: [], merchantHeaders: [], rejections: [], sessions: [] };
    const server = await startServer(gr4vyHandler(key.publicKey, log));
    // The stand-in checks tokens against the real clock, so these controllers use it too.
    const asked: string[] = [];
    const at = (baseUrl: string, timeoutMs: number) =>
      withGr4vy({
        now: () => new Date(),
        requestOptions: (provider) => {
          asked.push(provider);
          return { baseUrl, timeoutMs };
        },
      });
    try {
      const { controller, account } = await at(server.url, 5000);
      const msg = {
        type: 'sign' as const,
        requestId: 13,
        accountId: account.id,
        scopes: '',
        expiresIn: '',
        embed: '{"amount":1,"currency":"USD"}',
        checkoutSessionId: '',
        createCheckoutSession: true,
      };
      const r = reply(await controller.handle(msg), 'signed');
      assert.ok(r.result.ok, JSON.stringify(r.result));
      assert.equal(decodeJwt(r.result.value.token).payload.checkout_session_id, log.sessions?.at(-1));
      const { controller: other, account: unreachable } = await at('http://127.0.0.1:9', 2000);
      const down = reply(await other.handle({ ...msg, accountId: unreachable.id, requestId: 14 }), 'signed');
      assert.match(
        down.result.ok ? '' : down.result.error,
        /^The checkout session was not created: Could not connect to 127\.0\.0\.1:9/,
      );
      // The base URL asked for is the signing account's provider's, not a fixed one.
      assert.deepEqual(asked, ['gr4vy', 'gr4vy']);
    } finally {
      await server.close();
    }
  });
});
