// The role-aware connection test (issue 20) against a stand-in that enforces each key's role.
import assert from 'node:assert/strict';
import { createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { testAccount } from '../../src/core/accounts/connectionTest';
import { AccountStore } from '../../src/core/accounts/store';
import { readSigningKey } from '../../src/core/keys/privateKey';
import { MemorySecretStore } from '../../src/core/secretStore';
import { testGr4vy } from '../../src/core/providers/gr4vy/connection';
import { describeCalls, planLiveCheck } from '../../src/core/providers/liveness';
import { cli } from './cliHarness';
import { MemoryState, type Started, type TestKey, p521Key, startServer } from './fixtures';
import { type Gr4vyRole, type StandInLog, gr4vyStandIn, thumbprintOf, verifierFor } from '../standIns/gr4vy';

const ROLES: readonly Gr4vyRole[] = ['full', 'processing', 'systemManagement', 'transactionReporting'];
const READS: Record<Gr4vyRole, string> = {
  full: 'buyers',
  processing: 'buyers',
  transactionReporting: 'transactions',
  systemManagement: 'payment-services',
};

describe('the Gr4vy stand-in', () => {
  it('verifies ES512 and RS512 tokens with kid = the RFC 7638 thumbprint, and refuses the wrong algorithm', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = p521Key();
    const log: StandInLog = { requests: [], claims: [] };
    const s = await startServer(
      gr4vyStandIn(
        [
          { publicKey: rsa.publicKey, role: 'transactionReporting' },
          { publicKey: ec.publicKey, role: 'full' },
        ],
        log,
      ),
    );
    const jwt = (alg: string, kid: string, signer: (input: Buffer) => Buffer) => {
      const now = Math.floor(Date.now() / 1000);
      const enc = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const input = `${enc({ typ: 'JWT', alg, kid })}.${enc({ iss: 't', nbf: now, exp: now + 30, jti: randomUUID(), scopes: ['*.read'] })}`;
      return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
    };
    const get = async (path: string, token: string) =>
      (await fetch(`${s.url}${path}`, { headers: { authorization: `bearer ${token}` } })).status;
    try {
      const rsaKid = thumbprintOf(rsa.publicKey);
      const rs512 = (i: Buffer) => sign('sha512', i, rsa.privateKey);
      assert.equal(await get('/transactions?limit=1', jwt('RS512', rsaKid, rs512)), 200);
      assert.equal(await get('/buyers?limit=1', jwt('RS512', rsaKid, rs512)), 403);
      assert.equal(await get('/transactions?limit=1', jwt('RS256', rsaKid, rs512)), 401);
      const es512 = (i: Buffer) => sign('sha512', i, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
      assert.equal(await get('/buyers?limit=1', jwt('ES512', thumbprintOf(ec.publicKey), es512)), 200);
      assert.equal(await get('/buyers?limit=1', jwt('ES512', rsaKid, es512)), 401);
      assert.deepEqual(
        log.requests.map((r) => r.replace(/^GET /, '')),
        [
          '/transactions → 200',
          '/buyers → 403 (role)',
          '/transactions → 401 (signature)',
          '/buyers → 200',
          '/buyers → 401 (signature)',
        ],
      );
      // The RSA thumbprint is over {e, kty, n} only, as jose computes it for a public JWK.
      const { e, n } = rsa.publicKey.export({ format: 'jwk' });
      assert.equal(thumbprintOf(createPublicKey({ key: { kty: 'RSA', e, n }, format: 'jwk' })), rsaKid);
      assert.throws(() => verifierFor(generateKeyPairSync('ed25519').publicKey), /EC P-521 and RSA/);
    } finally {
      await s.close();
    }
  });
});

describe('testGr4vy probes until a resource answers', () => {
  const keys = Object.fromEntries(ROLES.map((r) => [r, p521Key()])) as Record<Gr4vyRole, TestKey>;
  const narrow = p521Key();
  const log: StandInLog = { requests: [], claims: [] };
  let server: Started;
  before(async () => {
    server = await startServer(
      gr4vyStandIn(
        [
          ...ROLES.map((role) => ({ publicKey: keys[role].publicKey, role })),
          { publicKey: narrow.publicKey, role: 'full', merchantAccounts: ['merchant-2'] },
        ],
        log,
      ),
    );
  });
  after(async () => {
    await server.close();
  });
  const target = async (k: TestKey) => ({
    key: await readSigningKey(k.pkcs8),
    instanceId: 'acme',
    environment: 'sandbox' as const,
  });

  for (const role of ROLES) {
    it(`a ${role} key connects, reading ${READS[role]}, and says what it could not read`, async () => {
      log.requests.length = 0;
      log.claims.length = 0;
      const r = await testGr4vy(await target(keys[role]), { baseUrl: server.url });
      assert.equal(r.outcome, 'connected', r.message);
      assert.equal(r.readable, READS[role]);
      assert.match(r.message, new RegExp(`^Connected to Gr4vy in \\d+ ms \\(HTTP 200\\): read ${READS[role]}`));
      const skipped = { buyers: [], transactions: ['buyers'], 'payment-services': ['buyers', 'transactions'] }[
        READS[role]
      ];
      assert.deepEqual(r.unreadable ?? [], skipped);
      if (skipped?.length) assert.match(r.message, new RegExp(`could not read ${skipped.join(' and ')} \\(HTTP 403`));
      assert.equal(log.requests.length, (skipped?.length ?? 0) + 1);
      assert.ok(log.claims.every((c) => JSON.stringify(c.scopes) === '["*.read"]'));
      assert.equal(new Set(log.claims.map((c) => c.jti)).size, log.claims.length, 'a fresh token per probe');
    });
  }

  it('a key of another merchant account reads none: noReadableResource, with every resource named', async () => {
    log.requests.length = 0;
    const r = await testGr4vy({ ...(await target(narrow)), merchantAccountId: 'merchant-1' }, { baseUrl: server.url });
    assert.equal(r.ok, false);
    assert.equal(r.outcome, 'noReadableResource');
    assert.equal(r.status, 403);
    assert.deepEqual(r.unreadable, ['buyers', 'transactions', 'payment-services']);
    assert.match(
      r.message,
      /^Gr4vy authenticated the key, but it could read none of buyers, transactions, payment-services \(HTTP 403\): “Invalid credentials”: the key's role may be narrower than these, or it may belong to another merchant account$/,
    );
    assert.equal(log.requests.length, 3);
  });

  it('--scopes narrower than the role still probes: transactions.read on a processing key reads transactions', async () => {
    const r = await testGr4vy(
      { ...(await target(keys.processing)), scopes: ['transactions.read'] },
      { baseUrl: server.url },
    );
    assert.equal(r.readable, 'transactions');
    assert.deepEqual(r.unreadable, ['buyers']);
  });

  it('a 401 stops at once with the existing advice: nothing else is probed', async () => {
    log.requests.length = 0;
    const r = await testGr4vy(await target(p521Key()), { baseUrl: server.url });
    assert.equal(r.outcome, 'unauthorized');
    assert.match(r.advice ?? '', /Integrations > API keys/);
    assert.deepEqual(log.requests, ['GET /buyers → 401 (kid)']);
  });
});

describe('payapi test gr4vy against role-limited keys', () => {
  const keys = Object.fromEntries(ROLES.map((r) => [r, p521Key()])) as Record<Gr4vyRole, TestKey>;
  const lonely = p521Key();
  let server: Started;
  before(async () => {
    server = await startServer(
      gr4vyStandIn([
        ...ROLES.map((role) => ({ publicKey: keys[role].publicKey, role })),
        { publicKey: lonely.publicKey, role: 'full', merchantAccounts: ['elsewhere'] },
      ]),
    );
  });
  after(async () => {
    await server.close();
  });
  const run = (k: TestKey) =>
    cli(['test', 'gr4vy', '--instance', 'acme', '--key', 'key.pem', '--base-url', server.url], {
      files: { 'key.pem': k.pkcs8 },
    });

  for (const role of ROLES) {
    it(`exit 0 for a ${role} key, naming what it read`, async () => {
      const r = await run(keys[role]);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.match(
        r.stdout,
        new RegExp(`^connected: Connected to Gr4vy in \\d+ ms \\(HTTP 200\\): read ${READS[role]}`),
      );
      if (role === 'systemManagement') assert.match(r.stdout, /could not read buyers and transactions/);
    });
  }
  it('exit 1 for a wrong key (401) and for a key that reads none of the probes', async () => {
    const wrong = await run(p521Key());
    assert.equal(wrong.code, 1);
    assert.match(wrong.stdout, /^not connected \(unauthorized\)/);
    const none = await run(lonely);
    assert.equal(none.code, 1);
    assert.match(
      none.stdout,
      /^not connected \(noReadableResource\): .*could read none of buyers, transactions, payment-services/,
    );
    assert.match(none.stdout, /\n {2}Check the key's role and merchant accounts/);
  });
});

describe('"Is it live?" probes the same way', () => {
  it('a System management key is live and the verdict says what it reads; a key reading nothing is live too', async () => {
    const sys = p521Key();
    const lonely = p521Key();
    const s = await startServer(
      gr4vyStandIn([
        { publicKey: sys.publicKey, role: 'systemManagement' },
        { publicKey: lonely.publicKey, role: 'full', merchantAccounts: ['elsewhere'] },
      ]),
    );
    try {
      const where = {
        baseUrls: { gr4vy: s.url },
        instances: { gr4vy: { instanceId: 'acme', environment: 'sandbox' as const } },
      };
      const plan = await planLiveCheck('private-key-pem', sys.pkcs8, where);
      assert.ok('run' in plan);
      assert.match(plan.url, /\/buyers\?limit=1$/);
      assert.deepEqual(
        plan.then?.map((u) => u.replace(s.url, '')),
        ['/transactions?limit=1', '/payment-services?limit=1'],
      );
      assert.match(
        describeCalls(plan),
        /^Read-only calls, each only if the one before answers 403: GET \S+\/buyers\?limit=1, then \S+\/transactions\?limit=1, then \S+\/payment-services\?limit=1$/,
      );
      const v = await plan.run({});
      assert.equal(v.verdict, 'live');
      assert.match(v.message, /^LIVE: Gr4vy accepted this secret\. Rotate it now\. It can read payment-services\.$/);
      const none = await planLiveCheck('private-key-pem', lonely.pkcs8, where);
      assert.ok('run' in none);
      const n = await none.run({});
      assert.equal(n.verdict, 'live');
      assert.equal(n.reason, 'noReadableResource');
    } finally {
      await s.close();
    }
  });
});

describe('a stored account', () => {
  it("keeps what a System management key read and could not read in its last result (the tree's tooltip shows the message)", async () => {
    const sys = p521Key();
    const s = await startServer(gr4vyStandIn([{ publicKey: sys.publicKey, role: 'systemManagement' }]));
    try {
      const store = new AccountStore(new MemoryState(), new MemoryState(), new MemorySecretStore());
      const { account } = await store.add({
        provider: 'gr4vy',
        label: 'ops',
        environment: 'sandbox',
        scope: 'global',
        instanceId: 'acme',
        scopes: ['buyers.write'],
        secret: sys.pkcs8,
      });
      const r = await testAccount(store, account, { baseUrls: { gr4vy: s.url } });
      assert.equal(r.outcome, 'connected', r.message);
      const stored = store.get(account.id)?.lastResult;
      assert.equal(stored?.readable, 'payment-services');
      assert.deepEqual(stored?.unreadable, ['buyers', 'transactions']);
      assert.match(stored?.message ?? '', /read payment-services; could not read buyers and transactions/);
    } finally {
      await s.close();
    }
  });
});

describe('a hostile answer on the second probe', () => {
  const key = p521Key();
  const forbidden = (res: ServerResponse) => {
    res.writeHead(403, { 'content-type': 'application/json' });
    res.end('{"type":"error","code":"forbidden","status":403,"message":"Invalid credentials","details":[]}');
  };
  const probe = async (second: (req: IncomingMessage, res: ServerResponse) => void) => {
    const paths: string[] = [];
    const tokens: string[] = [];
    const s = await startServer((req, res) => {
      paths.push(req.url ?? '');
      tokens.push(String(req.headers.authorization).replace(/^bearer /, ''));
      if (req.url?.startsWith('/transactions')) return second(req, res);
      forbidden(res);
    });
    try {
      const r = await testGr4vy(
        { key: await readSigningKey(key.pkcs8), instanceId: 'acme', environment: 'sandbox' },
        { baseUrl: s.url, timeoutMs: 5_000 },
      );
      return { r, paths, tokens };
    } finally {
      await s.close();
    }
  };

  it('a redirect to another host is reported, never followed, and the loop stops there', async () => {
    const hits: string[] = [];
    const elsewhere = await startServer((req, res) => {
      hits.push(String(req.headers.authorization));
      res.end('{}');
    });
    try {
      const { r, paths, tokens } = await probe((req, res) => {
        res.writeHead(302, { location: `${elsewhere.url}/steal?t=${String(req.headers.authorization)}` });
        res.end();
      });
      assert.equal(r.outcome, 'redirect');
      assert.deepEqual(r.unreadable, ['buyers']);
      assert.deepEqual(paths, ['/buyers?limit=1', '/transactions?limit=1']);
      assert.deepEqual(hits, []);
      for (const t of tokens)
        for (const part of t.split('.')) assert.ok(!JSON.stringify(r).includes(part.slice(0, 24)));
    } finally {
      await elsewhere.close();
    }
  });

  it('a 200 whose body never ends is cut at the size limit and the loop stops there', async () => {
    const started = Date.now();
    const { r, paths } = await probe((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const pump = () => {
        while (res.write(chunk));
      };
      res.on('drain', pump);
      res.write('{"items":[');
      pump();
    });
    assert.equal(r.outcome, 'invalidBody');
    assert.equal(r.ok, false);
    assert.deepEqual(paths, ['/buyers?limit=1', '/transactions?limit=1']);
    assert.ok(Date.now() - started < 5_000);
  });
});
