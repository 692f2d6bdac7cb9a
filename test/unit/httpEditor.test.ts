// Issue 21, the editor's pure parts: which requests get which CodeLens, which account sends them,
// what is asked before sending, and what the response view, the curl copy and the history hold.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { accountFor, bindingOf, lensesFor, refuseProblems, requestAt } from '../../src/core/httpFile/binding';
import { parseHttpFile } from '../../src/core/httpFile/parse';
import { prepareRequest } from '../../src/core/httpFile/prepare';
import { confirmationFor, curlOf, responseDocument, withoutCredentials } from '../../src/core/httpFile/present';
import { RecentRequests } from '../../src/core/httpFile/recent';
import type { Exchange } from '../../src/core/httpFile/send';
import type { HttpFile, HttpFileRequest } from '../../src/core/httpFile/types';
import type { Account, Gr4vyAccount, HelcimAccount } from '../../src/core/providers/accountTypes';
import { helcimToken } from './fixtures';

const req = (line: number, method: string, url: string, extra: Partial<HttpFileRequest> = {}): HttpFileRequest => ({
  line,
  method,
  url,
  headers: [],
  unsupported: [],
  ...extra,
});
const helcim = (id: string, label: string, environment: 'sandbox' | 'production' = 'sandbox'): HelcimAccount => ({
  id,
  provider: 'helcim',
  label,
  environment,
  scope: 'global',
  createdAt: '',
});
const gr4vy = (id: string, instanceId: string): Gr4vyAccount => ({
  ...helcim(id, `G ${instanceId}`),
  provider: 'gr4vy',
  instanceId,
  scopes: ['*.read'],
  kid: '',
  keyFormat: '',
});
const purchase = '{"amount":10.5,"currency":"CAD"}';
const file = (...requests: HttpFileRequest[]): HttpFile => ({ requests, problems: [] });
const titles = (f: HttpFile, accounts: Account[], chosen: Record<string, string> = {}, baseUrls = {}) =>
  lensesFor(f, { accounts, baseUrls, chosen: (p) => chosen[p] }).map((l) => `${l.line} ${l.title}`);

describe('CodeLenses above .http requests', () => {
  const shop = helcim('h1', 'Shop');
  const live = helcim('h2', 'Live', 'production');

  it('one account: "Send as" it, and "Send as a new payment" on a payment; other hosts get nothing', () => {
    const f = file(
      req(1, 'POST', 'https://api.helcim.com/v2/payment/purchase', { body: purchase }),
      req(5, 'GET', 'https://api.helcim.com/v2/connection-test'),
      req(8, 'GET', 'https://example.com/v2/payment/purchase'),
      req(9, 'POST', 'https://api.helcim.com.evil.example/v2/payment/purchase', { body: purchase }),
      req(12, 'GET', '{{host}}/x'),
    );
    assert.deepEqual(titles(f, [shop]), ['1 Send as “Shop”', '1 Send as a new payment', '5 Send as “Shop”']);
  });

  it('several accounts: "Send as…" until one is chosen for the file, then that one and "Send as…" to change', () => {
    const f = file(req(1, 'GET', 'https://api.helcim.com/v2/connection-test'));
    assert.deepEqual(titles(f, [shop, live]), ['1 Send as…']);
    assert.deepEqual(titles(f, [shop, live], { helcim: 'h2' }), ['1 Send as “Live” (PRODUCTION)', '1 Send as…']);
    assert.deepEqual(titles(f, [shop, live], { helcim: 'removed' }), ['1 Send as…']);
  });

  it('a file that sets the idempotency key itself gets no "new payment" lens (the file\'s key is kept)', () => {
    const f = file(
      req(1, 'POST', 'https://api.helcim.com/v2/payment/purchase', {
        body: purchase,
        headers: [{ name: 'Idempotency-Key', value: 'k'.repeat(25) }],
      }),
    );
    assert.deepEqual(titles(f, [shop]), ['1 Send as “Shop”']);
  });

  it('"Not sendable" names what a request asks to evaluate, or the refused spelling of the host', () => {
    const f = file(
      req(1, 'GET', 'https://api.helcim.com/v2/connection-test', {
        unsupported: [{ line: 3, what: '{{$processEnv HOME}}' }],
      }),
      req(6, 'GET', 'https://user@api.helcim.com/v2/connection-test'),
    );
    const lenses = lensesFor(f, { accounts: [shop], baseUrls: {}, chosen: () => undefined });
    assert.equal(lenses[0]?.kind, 'notSendable');
    assert.equal(lenses[0]?.title, 'Not sendable: line 3: {{$processEnv HOME}}');
    assert.match(lenses[0]?.kind === 'notSendable' ? lenses[0].detail : '', /never evaluates/);
    assert.equal(lenses[1]?.kind, 'notSendable');
    assert.match(lenses[1]?.title ?? '', /^Not sendable: the host “user@api\.helcim\.com”/);
  });

  it('a Gr4vy request is offered only to accounts of its instance; none: "No … account"', () => {
    const f = file(req(1, 'GET', 'https://api.sandbox.acme.gr4vy.app/transactions'));
    assert.deepEqual(titles(f, [gr4vy('g1', 'acme'), gr4vy('g2', 'other')]), ['1 Send as “G acme”']);
    assert.deepEqual(titles(f, [gr4vy('g2', 'other'), shop]), [
      '1 No Gr4vy account for api.sandbox.acme.gr4vy.app: Add Account…',
    ]);
  });

  it("a request to the provider's base-URL setting (a stand-in) is the provider's, for any of its accounts", () => {
    const f = file(req(1, 'GET', 'http://127.0.0.1:4567/v2/connection-test'));
    assert.deepEqual(titles(f, [shop], {}, { helcim: 'http://127.0.0.1:4567' }), ['1 Send as “Shop”']);
    assert.deepEqual(titles(f, [shop], {}, { helcim: 'http://127.0.0.1:4568' }), []);
    assert.deepEqual(titles(f, [shop], {}, { helcim: 'http://localhost:4567' }), []);
  });
});

describe('a real file, parsed', () => {
  it('lenses by line; a request the parser could not read as written is not sendable, with its line', () => {
    const text = [
      '@api = https://api.helcim.com',
      '',
      '### purchase',
      'POST {{api}}/v2/payment/purchase',
      'content-type: application/json',
      '',
      purchase,
      '',
      '###',
      'GET {{api}}/v2/{{missing}}',
      '',
      '###',
      'GET {{api}}/v2/x',
      'x-home: {{$processEnv HOME}}',
      '',
    ].join('\n');
    const f = parseHttpFile(text);
    const lenses = titles(f, [helcim('h1', 'Shop')]);
    assert.equal(lenses[0], '4 Send as “Shop”');
    assert.equal(lenses[1], '4 Send as a new payment');
    assert.match(lenses[2] ?? '', /^10 Not sendable: line 10: /);
    assert.match(lenses[3] ?? '', /^13 Not sendable: line 14: .*\{\{\$processEnv HOME\}\}$/);
    assert.equal(lenses.length, 4);
    assert.equal(requestAt(f, 7)?.line, 4, 'a body line belongs to its request');
    assert.equal(requestAt(f, 1), undefined);
    assert.throws(() => refuseProblems(requestAt(f, 10) as HttpFileRequest), /^AppError: Not sent: line 10: /);
  });
});

describe('finding the request and its account', () => {
  const f = file(req(2, 'GET', 'https://api.helcim.com/a'), req(7, 'GET', 'https://api.helcim.com/b'));
  it('the request at its line, or the one whose headers or body hold the line', () => {
    assert.equal(requestAt(f, 2)?.url, 'https://api.helcim.com/a');
    assert.equal(requestAt(f, 5)?.url, 'https://api.helcim.com/a');
    assert.equal(requestAt(f, 9)?.url, 'https://api.helcim.com/b');
    assert.equal(requestAt(f, 1), undefined);
  });
  it('the chosen account if it is a candidate, else the only one, else none', () => {
    const a = helcim('a', 'A');
    const b = helcim('b', 'B');
    const binding = bindingOf(req(1, 'GET', 'https://api.helcim.com/x'), [a, b], {});
    assert.ok(binding);
    assert.equal(accountFor(binding, 'b'), b);
    assert.equal(accountFor(binding, undefined), undefined);
    assert.equal(accountFor({ ...binding, candidates: [a] }, 'b'), a);
    assert.equal(bindingOf(req(1, 'GET', 'not a url'), [a], {}), undefined);
  });
});

describe('the question before sending', () => {
  it('a payment asks on a sandbox account, showing method, path, amount and account', () => {
    const p = prepareRequest(
      req(1, 'POST', 'https://api.helcim.com/v2/payment/purchase', { body: purchase }),
      helcim('h', 'Shop'),
    );
    const q = confirmationFor(p, 'Helcim');
    assert.ok(q);
    assert.equal(q.message, 'Send a purchase of 10.5 CAD (POST /v2/payment/purchase) as “Shop” (Helcim, sandbox)?');
    assert.match(q.detail, /^POST \/v2\/payment\/purchase\nto https:\/\/api\.helcim\.com\nas “Shop”/);
    assert.equal(confirmationFor(p, 'Helcim', true)?.action, 'Send New Payment');
  });
  it('a base URL that is not this machine is asked about, naming the host; a loopback stand-in is not', () => {
    const r = req(1, 'GET', 'https://api.helcim.com/v2/connection-test');
    const q = confirmationFor(prepareRequest(r, helcim('h', 'Shop'), 'https://collector.example'), 'Helcim');
    assert.match(q?.message ?? '', /with the credential of “Shop” \(Helcim, sandbox\) to collector\.example\?$/);
    assert.match(q?.detail ?? '', /NOT Helcim's API \(https:\/\/api\.helcim\.com\)/);
    assert.equal(confirmationFor(prepareRequest(r, helcim('h', 'Shop'), 'http://127.0.0.1:9'), 'Helcim'), undefined);
  });
  it('a production account asks before any request; a read on a sandbox account does not', () => {
    const r = req(1, 'GET', 'https://api.helcim.com/v2/connection-test');
    assert.equal(confirmationFor(prepareRequest(r, helcim('h', 'Shop')), 'Helcim'), undefined);
    const q = confirmationFor(prepareRequest(r, helcim('h', 'Live', 'production')), 'Helcim');
    assert.match(q?.message ?? '', /^Send GET \/v2\/connection-test with the PRODUCTION account “Live”/);
  });
});

describe('what is shown and kept', () => {
  const token = helcimToken();
  const ex: Exchange = {
    request: {
      method: 'POST',
      url: 'https://api.helcim.com/v2/payment/purchase',
      headers: { 'user-agent': 'x', 'api-token': '••••••••abcd', 'content-type': "it's json" },
      body: purchase,
    },
    response: { status: 200, headers: { 'content-type': 'application/json' }, body: '{"a":1}', latencyMs: 84 },
    notes: ['A new idempotency-key was generated for this payment.'],
    maskedInAnswer: 1,
  };

  it('the response view: who and when, the notes, the request as sent, then the answer', () => {
    const text = responseDocument(ex, {
      account: { label: 'Shop', environment: 'sandbox' },
      providerName: 'Helcim',
      at: new Date('2026-01-02T03:04:05Z'),
    });
    assert.equal(
      text,
      [
        '# Sent as “Shop” (Helcim, sandbox) at 2026-01-02T03:04:05.000Z',
        '# A new idempotency-key was generated for this payment.',
        '# 1 secret in the answer masked.',
        '# The request as sent (its credential masked):',
        '',
        'POST https://api.helcim.com/v2/payment/purchase',
        'user-agent: x',
        'api-token: ••••••••abcd',
        "content-type: it's json",
        '',
        purchase,
        '',
        '###',
        '',
        'HTTP 200 (84 ms)',
        'content-type: application/json',
        '',
        '{\n  "a": 1\n}',
        '',
      ].join('\n'),
    );
  });

  it('curl: method, URL, headers (no user-agent) and body, shell-quoted, the credential as masked', () => {
    assert.equal(
      curlOf(ex),
      "curl -sS -X POST 'https://api.helcim.com/v2/payment/purchase' -H 'api-token: ••••••••abcd' " +
        `-H 'content-type: it'\\''s json' --data-raw '${purchase}'`,
    );
  });

  it('a kept request loses any credential header the file set; the history keeps the last N, newest first', () => {
    const r = req(1, 'GET', 'https://api.helcim.com/x', {
      headers: [
        { name: 'API-Token', value: token },
        { name: 'accept', value: 'application/json' },
      ],
    });
    const kept = withoutCredentials(r, ['api-token']);
    assert.ok(!JSON.stringify(kept).includes(token));
    assert.deepEqual(kept.headers, [{ name: 'accept', value: 'application/json' }]);
    const recent = new RecentRequests(2);
    const entry = {
      at: 0,
      method: 'GET',
      path: '/x',
      accountId: 'a',
      accountLabel: 'A',
      environment: 'sandbox' as const,
      source: { uri: 'file:///a.http', line: 1 },
      request: kept,
      text: '',
      curl: '',
    };
    for (const path of ['/1', '/2', '/3']) recent.add({ ...entry, path });
    assert.deepEqual(
      recent.list().map((r) => `${r.id} ${r.path}`),
      ['3 /3', '2 /2'],
    );
    assert.equal(recent.get(1), undefined);
  });
});
