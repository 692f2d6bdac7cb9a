// Issue 21, the core: a request from a .http file bound to an account, its credential added only
// where it belongs, against stand-ins that enforce what Helcim and Gr4vy document.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { prepareRequest } from '../../src/core/httpFile/prepare';
import { IdempotencyKeys, sendPrepared } from '../../src/core/httpFile/send';
import type { HttpFileRequest } from '../../src/core/httpFile/types';
import type { Gr4vyAccount, HelcimAccount } from '../../src/core/providers/accountTypes';
import { type Started, helcimToken, startServer } from './fixtures';
import { type StandInLog, gr4vyStandIn } from '../standIns/gr4vy';
import { HELCIM_TEST_VISA, type HelcimStandInLog, helcimStandIn } from '../standIns/helcim';

const request = (method: string, url: string, body?: string, headers: [string, string][] = []): HttpFileRequest => ({
  line: 1,
  method,
  url,
  headers: [['content-type', 'application/json'] as [string, string], ...headers].map(([name, value]) => ({
    name,
    value,
  })),
  ...(body !== undefined ? { body } : {}),
  unsupported: [],
});

const helcim: HelcimAccount = {
  id: 'h1',
  provider: 'helcim',
  label: 'Shop',
  environment: 'sandbox',
  scope: 'global',
  createdAt: '',
};
const purchase = JSON.stringify({
  ipAddress: '192.0.2.1',
  currency: 'CAD',
  amount: 10.5,
  cardData: { cardNumber: HELCIM_TEST_VISA, cardExpiry: '0128', cardCVV: '100' },
});

describe('.http requests to Helcim', () => {
  const token = helcimToken();
  const log: HelcimStandInLog = { requests: [], charged: 0 };
  let server: Started;
  before(async () => {
    server = await startServer(helcimStandIn(token, log));
  });
  after(() => server.close());

  it('a purchase gets the api-token and a generated idempotency key; a resend reuses it (Helcim answers the first answer)', async () => {
    const keys = new IdempotencyKeys();
    const p = prepareRequest(
      request('POST', 'https://api.helcim.com/v2/payment/purchase', purchase),
      helcim,
      server.url,
    );
    assert.equal(p.movesMoney, 'a purchase of 10.5 CAD (POST /v2/payment/purchase)');
    const first = await sendPrepared(p, token, { idempotency: keys });
    assert.equal(first.response?.status, 200, JSON.stringify(first));
    assert.match(first.request.headers['api-token'] ?? '', /^•+.{4}$/);
    assert.match(
      first.request.headers['idempotency-key'] ?? '',
      /^[A-Za-z0-9]{25}$/,
      'the key is shown: it is no secret',
    );
    assert.ok(!JSON.stringify(first).includes(token), 'the token appears nowhere in what is shown');
    const again = await sendPrepared(p, token, { idempotency: keys });
    assert.equal(again.response?.body, first.response?.body);
    assert.ok(again.notes.some((n) => /Helcim will return the first answer/.test(n)));
    assert.equal(log.charged, 1);
    const fresh = await sendPrepared(p, token, { idempotency: keys, newPayment: true });
    assert.equal(fresh.response?.status, 200);
    assert.equal(log.charged, 2, 'Send as a new payment charges again');
  });

  it('in the editor a payment keeps its idempotency key for five minutes of the injected clock, then gets a new one', async () => {
    let now = Date.UTC(2026, 0, 1);
    const keys = new IdempotencyKeys(() => now);
    const p = prepareRequest(request('POST', 'https://api.helcim.com/v2/payment/purchase', purchase), helcim);
    // A dry run makes (or reuses) the key as a send does, and sends nothing.
    const keyOf = async () => {
      const ex = await sendPrepared(p, token, { idempotency: keys, dryRun: true });
      return { key: ex.request.headers['idempotency-key'], reused: ex.notes.some((n) => /first answer/.test(n)) };
    };
    const first = await keyOf();
    assert.match(first.key ?? '', /^[A-Za-z0-9]{25}$/);
    assert.equal(first.reused, false);
    now += 4 * 60_000 + 59_000;
    assert.deepEqual(await keyOf(), { key: first.key, reused: true }, '4:59 later: still the same payment');
    now += 2_000;
    const later = await keyOf();
    assert.equal(later.reused, false, '5:01 after the first: a new key');
    assert.notEqual(later.key, first.key);
  });

  it('a wrong token is refused by the stand-in (403, as Helcim documents), not a crash', async () => {
    const p = prepareRequest(request('GET', 'https://api.helcim.com/v2/connection-test'), helcim, server.url);
    const r = await sendPrepared(p, helcimToken());
    assert.equal(r.response?.status, 403);
  });

  it('the credential never goes to a lookalike, user info, unicode or plain-HTTP host: nothing is sent', () => {
    for (const url of [
      'https://api.helcim.com.evil.example/v2/payment/purchase',
      'https://user@api.helcim.com/v2/payment/purchase',
      'https://api.helcim.com:evil@attacker.example/v2/x',
      'https://api.helcim\u3002com/v2/payment/purchase',
      'https://api%2Ehelcim.com/v2/payment/purchase',
      'http://api.helcim.com/v2/payment/purchase',
      'https://api.helcim.com:8443/v2/payment/purchase',
      'https://api.helcim.com./v2/payment/purchase',
      'https://attacker.example/v2/payment/purchase',
      'not a url',
    ])
      assert.throws(() => prepareRequest(request('POST', url, purchase), helcim), /^AppError: Not sent: /, url);
  });

  it('a file may not set where or how the request goes: Host, hop-by-hop headers, method overrides', () => {
    for (const [name, value] of [
      ['Host', 'attacker.test'],
      ['host', 'api.helcim.com'],
      ['Connection', 'close'],
      ['Transfer-Encoding', 'chunked'],
      ['Content-Length', '1'],
      ['X-HTTP-Method-Override', 'POST'],
      ['Proxy-Authorization', 'Basic eA=='],
    ] as [string, string][])
      assert.throws(
        () =>
          prepareRequest(
            request('GET', 'https://api.helcim.com/v2/connection-test', undefined, [[name, value]]),
            helcim,
          ),
        /changes where or how the request goes/,
        name,
      );
    assert.throws(
      () => prepareRequest(request('GET', 'https://api.helcim.com/v2/payment/purchase?_method=POST'), helcim),
      /_method query parameter/,
    );
  });

  it('a URL on the base origin but outside its path is refused (it would dodge the money question)', () => {
    assert.throws(
      () =>
        prepareRequest(
          request('POST', 'https://gw.example.com/v2/payment/purchase', purchase),
          helcim,
          'https://gw.example.com/helcim',
        ),
      /is not the API of “Shop”/,
    );
    const inside = prepareRequest(
      request('POST', 'https://gw.example.com/helcim/v2/payment/purchase', purchase),
      helcim,
      'https://gw.example.com/helcim',
    );
    assert.match(inside.movesMoney ?? '', /^a purchase/);
  });

  it('fails safe: any write under /v2/payment/ (but verify) or /v2/recurring/ is asked about; control characters refused', () => {
    const moves = (method: string, path: string) =>
      prepareRequest(request(method, `https://api.helcim.com${path}`, purchase), helcim).movesMoney;
    for (const path of [
      '/v2/payment/purchase.json',
      '/v2/payment/purchase;jsessionid=1',
      '/v2/recurring/subscriptions',
    ])
      assert.ok(moves('POST', path), path);
    assert.ok(moves('PUT', '/v2/payment/capture'));
    assert.equal(moves('POST', '/v2/payment/verify'), undefined);
    assert.equal(moves('GET', '/v2/payment/purchase'), undefined);
    for (const path of ['/v2/payment/purchase%00', '/v2/payment/purchase%09', '/v2/payment/purchase%E2%80%AE'])
      assert.throws(() => moves('POST', path), /hides a control character/, path);
  });

  it('no spelling of a payment path passes for another call (percent-escapes, case, slashes, a base path)', () => {
    for (const path of ['/v2/payment/purch%61se', '/V2/Payment/Purchase', '//v2//payment/purchase/'])
      assert.match(
        prepareRequest(request('POST', `https://api.helcim.com${path}`, purchase), helcim).movesMoney ?? '',
        /^a purchase/,
        path,
      );
    const based = prepareRequest(
      request('POST', 'https://api.helcim.com/v2/payment/refund', purchase),
      helcim,
      'http://127.0.0.1:9/proxy/helcim',
    );
    assert.equal(based.request.url.href, 'http://127.0.0.1:9/proxy/helcim/v2/payment/refund');
    assert.match(based.movesMoney ?? '', /^a refund/);
  });

  it('a request with a problem (an undefined variable left as written) is not sent', () => {
    const r = {
      ...request('GET', 'https://api.helcim.com/v2/connection-test?x={{nope}}'),
      problems: [{ line: 2, message: '{{nope}} is not defined' }],
    };
    assert.throws(() => prepareRequest(r, helcim), /Not sent: line 2: \{\{nope\}\} is not defined/);
  });

  it('nothing the file asks to evaluate is evaluated: the request is refused, naming the line', () => {
    const r = {
      ...request('GET', 'https://api.helcim.com/v2/connection-test'),
      unsupported: [{ line: 3, what: '{{$processEnv HOME}}' }],
    };
    assert.throws(() => prepareRequest(r, helcim), /line 3 uses \{\{\$processEnv HOME\}\}/);
  });

  it('a redirect is shown, never followed: the other host gets nothing', async () => {
    let hits = 0;
    const other = await startServer((_q, res) => {
      hits++;
      res.end('{}');
    });
    const redirecting = await startServer((_q, res) => {
      res.writeHead(302, { location: `${other.url}/steal` });
      res.end();
    });
    try {
      const p = prepareRequest(request('GET', 'https://api.helcim.com/v2/connection-test'), helcim, redirecting.url);
      const r = await sendPrepared(p, token);
      assert.equal(r.response?.status, 302);
      assert.ok(r.notes.some((n) => /redirect \(HTTP 302\) was not followed/.test(n)));
      assert.equal(hits, 0);
    } finally {
      await other.close();
      await redirecting.close();
    }
  });

  it('secrets in the answer are masked: the token echoed back, a HelcimPay.js secretToken', async () => {
    const secretToken = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ format: 'der', type: 'pkcs8' })
      .toString('hex')
      .slice(-48);
    const echo = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-echo': String(req.headers['api-token']) });
      res.end(JSON.stringify({ checkoutToken: 'ct-1', secretToken, seen: req.headers['api-token'] }));
    });
    try {
      const p = prepareRequest(
        request('POST', 'https://api.helcim.com/v2/helcim-pay/initialize', '{}'),
        helcim,
        echo.url,
      );
      const r = await sendPrepared(p, token);
      const shown = JSON.stringify(r);
      assert.ok(!shown.includes(token), 'the echoed token is masked');
      assert.ok(!shown.includes(secretToken), 'the secretToken is masked');
      assert.ok(r.maskedInAnswer >= 1);
    } finally {
      await echo.close();
    }
  });
});

describe('.http requests to Gr4vy', () => {
  const pair = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  const pem = pair.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const log: StandInLog = { requests: [], claims: [] };
  let server: Started;
  const account: Gr4vyAccount = {
    id: 'g1',
    provider: 'gr4vy',
    label: 'EU',
    environment: 'sandbox',
    scope: 'global',
    createdAt: '',
    instanceId: 'acme',
    scopes: ['*.read', '*.write'],
    kid: '',
    keyFormat: '',
    merchantAccountId: 'eu-shop',
  };
  before(async () => {
    server = await startServer(gr4vyStandIn([{ publicKey: pair.publicKey, role: 'full' }], log));
  });
  after(() => server.close());

  it('a GET carries a token with only the read scope its operation needs; a checkout session only its write scope', async () => {
    const list = prepareRequest(
      request('GET', 'https://api.sandbox.acme.gr4vy.app/transactions?limit=2'),
      account,
      server.url,
    );
    const r = await sendPrepared(list, pem);
    assert.equal(r.response?.status, 200, JSON.stringify(r));
    assert.deepEqual(log.claims.at(-1)?.scopes, ['transactions.read']);
    assert.ok(r.notes.some((n) => /from Gr4vy's OpenAPI description/.test(n)));
    assert.equal(r.request.headers['x-gr4vy-merchant-account-id'], 'eu-shop');
    const session = prepareRequest(
      request('POST', 'https://api.sandbox.acme.gr4vy.app/checkout/sessions', '{}'),
      account,
      server.url,
    );
    const s = await sendPrepared(session, pem);
    assert.equal(s.response?.status, 201, JSON.stringify(s));
    assert.deepEqual(log.claims.at(-1)?.scopes, ['checkout-sessions.write']);
  });

  it('an operation not in the OpenAPI description gets <resource>.read from the path, and says so; never * or an unknown name', async () => {
    const p = prepareRequest(
      request('GET', 'https://api.sandbox.acme.gr4vy.app/reports/r-1/summary'),
      account,
      server.url,
    );
    const r = await sendPrepared(p, pem, { dryRun: true });
    assert.ok(
      r.notes.some((n) => /scopes reports\.read \(not in the OpenAPI description: guessed from the path\)/.test(n)),
      r.notes.join('\n'),
    );
    assert.equal(r.response, undefined, 'a dry run sends nothing');
    for (const path of ['/widgets/1', '/%2A/x', '/transactions;x'])
      await assert.rejects(
        sendPrepared(prepareRequest(request('POST', `https://api.sandbox.acme.gr4vy.app${path}`, '{}'), account), pem, {
          dryRun: true,
        }),
        /is not a Gr4vy operation or resource this tool knows/,
        path,
      );
  });

  it("the file's merchant header wins, with a note; another instance or the production host of a sandbox account is refused", async () => {
    const p = prepareRequest(
      request('GET', 'https://api.sandbox.acme.gr4vy.app/buyers', undefined, [
        ['X-Gr4vy-Merchant-Account-Id', 'us-shop'],
      ]),
      account,
      server.url,
    );
    const r = await sendPrepared(p, pem, { dryRun: true });
    assert.equal(r.request.headers['x-gr4vy-merchant-account-id'], 'us-shop');
    assert.ok(r.notes.some((n) => /file's x-gr4vy-merchant-account-id header was kept/.test(n)));
    for (const url of ['https://api.sandbox.other.gr4vy.app/buyers', 'https://api.acme.gr4vy.app/buyers'])
      assert.throws(() => prepareRequest(request('GET', url), account), /is not the API of “EU”/);
  });

  it('money-moving calls are named: a transaction, a capture, a refund, a payout', () => {
    const moves = (path: string) =>
      prepareRequest(
        request('POST', `https://api.sandbox.acme.gr4vy.app${path}`, '{"amount":1299,"currency":"USD"}'),
        account,
      ).movesMoney;
    assert.equal(moves('/transactions'), 'a transaction of 1299 USD (minor units) (POST /transactions)');
    assert.match(moves('/transactions/t-1/authorization/increment') ?? '', /^an authorization increment/);
    assert.match(moves('/gift-cards/issuances') ?? '', /^a write to gift-cards/);
    assert.match(moves('/payment-services/ps-1/sessions') ?? '', /^a write to payment-services/);
    assert.match(moves('/transactions/t-1/capture') ?? '', /^a capture/);
    assert.match(moves('/transactions/t-1/refunds') ?? '', /^a refund/);
    assert.match(moves('/payouts') ?? '', /^a payout/);
    assert.equal(moves('/checkout/sessions'), undefined);
  });
});
