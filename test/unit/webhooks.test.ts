import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { verifyWebhook as sdkVerifyWebhook } from '@gr4vy/sdk/lib/webhooks';
import { signDelivery, toRawRequest } from '../../src/core/webhooks/events';
import { sampleGr4vyEvent, verifyGr4vyWebhook } from '../../src/core/providers/gr4vy/webhook';
import { phpJsonEncode, rawMember, verifyHelcimPayResponse } from '../../src/core/providers/helcim/helcimPay';
import { sampleHelcimEvent, verifyHelcimWebhook } from '../../src/core/providers/helcim/webhook';
import { parseRawRequest } from '../../src/core/webhooks/rawRequest';

const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const SECONDS = Math.floor(NOW / 1000);
/** A Helcim verifier token: base64 of random bytes, built at run time. */
const verifier = () => randomBytes(24).toString('base64');
const gr4vySecret = () => randomBytes(18).toString('hex');

/** A Helcim request signed independently with node:crypto (not our code). */
function helcimRequest(
  token: string,
  body: string,
  o: { id?: string; ts?: string; sig?: string; extra?: string } = {},
) {
  const id = o.id ?? 'msg_2Ab3';
  const ts = o.ts ?? String(SECONDS);
  const sig =
    o.sig ?? `v1,${createHmac('sha256', Buffer.from(token, 'base64')).update(`${id}.${ts}.${body}`).digest('base64')}`;
  return `POST /hooks HTTP/1.1\r\nHost: example.test\r\nwebhook-id: ${id}\r\nwebhook-timestamp: ${ts}\r\nwebhook-signature: ${sig}\r\n${o.extra ?? ''}\r\n${body}`;
}

function gr4vyRequest(secret: string, body: string, o: { ts?: string; names?: [string, string]; sigs?: string } = {}) {
  const ts = o.ts ?? String(SECONDS);
  const sig = o.sigs ?? createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex');
  const [sigName, tsName] = o.names ?? ['X-Gr4vy-Webhook-Signatures', 'X-Gr4vy-Webhook-Timestamp'];
  return `X-Gr4vy-Webhook-ID: 9b1f\n${sigName}: ${sig}\n${tsName}: ${ts}\n\n${body}`;
}

const causesOf = (v: { causes: { cause: string }[] }) => v.causes.map((c) => c.cause);

describe('raw request reader', () => {
  it('reads request line, headers (any case, repeated) and the body byte for byte', () => {
    const r = parseRawRequest('POST /x HTTP/1.1\r\nA: 1\r\na: 2\r\nB:3\r\n\r\n{"a":\r\n 1}\n');
    assert.equal(r.method, 'POST');
    assert.deepEqual(r.headers.get('a'), ['1', '2']);
    assert.equal(r.headers.get('b')?.[0], '3');
    assert.equal(r.body, '{"a":\r\n 1}\n');
  });
  it('names what is wrong', () => {
    assert.throws(() => parseRawRequest(''), /empty/);
    assert.throws(() => parseRawRequest('{"just":"a body"}'), /No blank line|not a header/);
    assert.throws(() => parseRawRequest('A: 1\nnot a header\n\nbody'), /Line 2 is not a header/);
    // A body pasted without its headers may hold a secret: the error names the line, never its text.
    const apiToken = randomBytes(24).toString('base64url');
    assert.throws(
      () => parseRawRequest(`{"connectedAccountId":"1","apiToken":"${apiToken}"}`),
      (e: Error) => /line 1 is not a header/.test(e.message) && !e.message.includes(apiToken),
    );
    assert.throws(() => parseRawRequest('x'.repeat(6 * 1024 * 1024)), /at most/);
  });
});

describe('Helcim webhooks (Standard Webhooks)', () => {
  const token = verifier();
  const body = sampleHelcimEvent();
  it('verifies a request signed with node:crypto and one signed by the standardwebhooks package', () => {
    const v = verifyHelcimWebhook(parseRawRequest(helcimRequest(token, body)), token, { nowMs: NOW });
    assert.equal(v.ok, true, v.summary);
    assert.match(v.summary, /^Verified: signature 1 of 1 \(v1,.{8}…\), timestamp 0 s old$/);
    const wh = new Webhook(token);
    const sig = wh.sign('msg_x', new Date(NOW), body);
    const other = `v1,${randomBytes(32).toString('base64')}`;
    const v2 = verifyHelcimWebhook(
      parseRawRequest(helcimRequest(token, body, { id: 'msg_x', sig: `${other} ${sig}` })),
      token,
      { nowMs: NOW },
    );
    assert.equal(v2.matched?.startsWith('signature 2 of 2'), true);
    // And the package's own verify agrees with ours on what we sign for `payapi webhook send`.
    const d = signDelivery('helcim', [token], body, { nowMs: Date.now() });
    assert.deepEqual(new Webhook(token).verify(d.body, d.headers), JSON.parse(body));
    assert.equal(verifyHelcimWebhook(parseRawRequest(toRawRequest(d)), token).ok, true);
    assert.equal(
      verifyHelcimWebhook(parseRawRequest(toRawRequest(d)), `whsec_${token}`).ok,
      true,
      'whsec_ prefix is Standard Webhooks',
    );
  });
  it('names each cause', () => {
    const check = (raw: string, secret = token) => verifyHelcimWebhook(parseRawRequest(raw), secret, { nowMs: NOW });
    const pretty = JSON.stringify(JSON.parse(body), null, 2);
    assert.deepEqual(causesOf(check(helcimRequest(token, body).replace(body, pretty))), ['body-changed']);
    const noDecode = `v1,${createHmac('sha256', token).update(`msg_2Ab3.${SECONDS}.${body}`).digest('base64')}`;
    assert.deepEqual(causesOf(check(helcimRequest(token, body, { sig: noDecode }))), ['secret-not-decoded']);
    assert.deepEqual(causesOf(check(helcimRequest(token, body), `hook_${token}`)), ['secret-prefix']);
    assert.deepEqual(causesOf(check(helcimRequest(token, body), 'not base64!')), ['secret-malformed']);
    assert.deepEqual(causesOf(check(helcimRequest(token, body, { ts: String(NOW) }))), ['timestamp-milliseconds']);
    const old = check(helcimRequest(token, body, { ts: String(SECONDS - 3600) }));
    assert.deepEqual(causesOf(old), ['timestamp-outside-tolerance']);
    assert.match(old.summary, /60 min old, outside the 300 s tolerance/);
    assert.ok(old.matched, 'the signature itself matched');
    assert.equal(
      verifyHelcimWebhook(parseRawRequest(helcimRequest(token, body, { ts: String(SECONDS - 3600) })), token, {
        nowMs: NOW,
        toleranceS: 7200,
      }).ok,
      true,
    );
    assert.deepEqual(causesOf(check(helcimRequest(token, body), verifier())), ['signature-mismatch']);
    assert.deepEqual(causesOf(check(`webhook-id: a\nwebhook-timestamp: 1\n\n${body}`)), ['missing-headers']);
    assert.match(check(`webhook-id: a\n\n${body}`).summary, /Missing headers: webhook-timestamp, webhook-signature/);
    assert.deepEqual(causesOf(check(gr4vyRequest(gr4vySecret(), body))), ['other-provider']);
    const hex = createHmac('sha256', 'x').update('y').digest('hex');
    assert.deepEqual(causesOf(check(helcimRequest(token, body, { sig: hex }))), ['other-provider']);
  });
});

describe('Gr4vy webhooks', () => {
  const secret = gr4vySecret();
  const body = sampleGr4vyEvent(new Date(NOW));
  it('verifies as the official SDK does, with the current or previous secret during a rotation', () => {
    const raw = gr4vyRequest(secret, body);
    const v = verifyGr4vyWebhook(parseRawRequest(raw), [secret], { nowMs: NOW });
    assert.equal(v.ok, true, v.summary);
    assert.doesNotThrow(() =>
      sdkVerifyWebhook(
        body,
        secret,
        createHmac('sha256', secret).update(`${SECONDS}.${body}`).digest('hex'),
        String(SECONDS),
        0,
      ),
    );
    const next = gr4vySecret();
    const d = signDelivery('gr4vy', [next, secret], body, { nowMs: NOW });
    const sigs = d.headers['x-gr4vy-webhook-signatures'] ?? '';
    assert.doesNotThrow(() => sdkVerifyWebhook(body, secret, sigs, String(SECONDS), 0), 'the SDK accepts what we send');
    assert.doesNotThrow(() => sdkVerifyWebhook(body, next, sigs, String(SECONDS), 0));
    const rotated = verifyGr4vyWebhook(parseRawRequest(raw), [next, secret], { nowMs: NOW });
    assert.match(rotated.matched ?? '', /with the previous secret/);
    // Both refuse a wrong secret.
    assert.throws(() => sdkVerifyWebhook(body, gr4vySecret(), sigs, String(SECONDS), 0));
    assert.equal(verifyGr4vyWebhook(parseRawRequest(raw), [gr4vySecret()], { nowMs: NOW }).ok, false);
  });
  it('names each cause', () => {
    const check = (raw: string, secrets = [secret]) =>
      verifyGr4vyWebhook(parseRawRequest(raw), secrets, { nowMs: NOW });
    const legacy = check(gr4vyRequest(secret, body, { names: ['X-Gr4vy-Signature', 'X-Gr4vy-Timestamp'] }));
    assert.deepEqual(causesOf(legacy), ['legacy-headers']);
    assert.ok(legacy.matched, 'it would match under the legacy names');
    assert.deepEqual(
      causesOf(check(gr4vyRequest(secret, body).replace(body, JSON.stringify(JSON.parse(body), null, 2)))),
      ['body-changed'],
    );
    const b64 = randomBytes(24).toString('base64');
    const decodedSig = createHmac('sha256', Buffer.from(b64, 'base64')).update(`${SECONDS}.${body}`).digest('hex');
    assert.deepEqual(causesOf(check(gr4vyRequest(b64, body, { sigs: decodedSig }), [b64])), ['secret-decoded']);
    assert.deepEqual(causesOf(check(gr4vyRequest(secret, body), [`whsec_${secret}`])), ['secret-prefix']);
    assert.deepEqual(causesOf(check(gr4vyRequest(secret, body, { ts: String(NOW) }))), ['timestamp-milliseconds']);
    assert.deepEqual(causesOf(check(gr4vyRequest(secret, body, { ts: String(SECONDS + 900) }))), [
      'timestamp-outside-tolerance',
    ]);
    assert.deepEqual(causesOf(check(gr4vyRequest(secret, body), [gr4vySecret(), gr4vySecret()])), [
      'signature-mismatch',
    ]);
    assert.deepEqual(causesOf(check(helcimRequest(verifier(), body))), ['other-provider']);
    assert.deepEqual(causesOf(check(gr4vyRequest(secret, body, { sigs: 'nothex' }))), ['malformed-signature']);
    assert.deepEqual(causesOf(check(`X-Gr4vy-Webhook-Signatures: ab\n\n${body}`)), ['missing-headers']);
  });
});

describe('HelcimPay.js responses', () => {
  const token = randomBytes(16).toString('hex');
  const data = {
    transactionId: '20163175',
    dateCreated: '2026-11-23 10:05:00',
    cardBatchId: '1234',
    status: 'APPROVED',
    type: 'purchase',
    amount: 15.45,
    currency: 'CAD',
    cardHolderName: 'Zoë Đặng',
    cardNumber: '4242****4242',
    invoiceNumber: 'INV/2026/001',
    customerCode: 'CST1000',
    warning: '',
  };
  /** The hash as PHP computes it, from PHP's own encoding of this data (written out by hand). */
  const phpText =
    '{"transactionId":"20163175","dateCreated":"2026-11-23 10:05:00","cardBatchId":"1234","status":"APPROVED","type":"purchase","amount":15.45,"currency":"CAD","cardHolderName":"Zo\\u00eb \\u0110\\u1eb7ng","cardNumber":"4242****4242","invoiceNumber":"INV\\/2026\\/001","customerCode":"CST1000","warning":""}';
  const hash = createHash('sha256')
    .update(phpText + token)
    .digest('hex');

  it("encodes like PHP's json_encode: escaped slashes, \\u escapes for non-ASCII, no spaces", () => {
    assert.equal(phpJsonEncode(data), phpText);
    assert.equal(
      phpJsonEncode({ a: '😀', b: [1, -2.5, true, null], c: '\u2028' }, { unescapedUnicode: true }),
      '{"a":"😀","b":[1,-2.5,true,null],"c":"\\u2028"}',
    );
    assert.equal(phpJsonEncode('😀'), '"\\ud83d\\ude00"');
  });
  it('verifies and says which encoding matched, and that JSON.stringify would not', () => {
    const v = verifyHelcimPayResponse(JSON.stringify({ data, hash }), token);
    assert.equal(v.ok, true, v.summary);
    assert.match(v.summary, /PHP json_encode \(Helcim's encoding\); JSON\.stringify would not match/);
    const wrapped = JSON.stringify({
      eventName: 'helcim-pay-js-x',
      eventStatus: 'SUCCESS',
      eventMessage: JSON.stringify({ data, hash }),
    });
    assert.equal(verifyHelcimPayResponse(wrapped, token).ok, true);
    const jsHash = createHash('sha256')
      .update(JSON.stringify(data) + token)
      .digest('hex');
    assert.equal(
      verifyHelcimPayResponse(JSON.stringify({ data, hash: jsHash }), token).matched,
      'the data exactly as it appears in the message',
    );
  });
  it('keeps the raw text of data, so number forms PHP and JS write differently still match', () => {
    const raw = `{"data": {"amount": 100.00, "currency": "CAD"}, "hash": "${createHash('sha256')
      .update('{"amount": 100.00, "currency": "CAD"}' + token)
      .digest('hex')}"}`;
    assert.equal(rawMember(raw, 'data'), '{"amount": 100.00, "currency": "CAD"}');
    assert.equal(verifyHelcimPayResponse(raw, token).matched, 'the data exactly as it appears in the message');
  });
  it('names a wrong secretToken and a malformed message', () => {
    const bad = verifyHelcimPayResponse(JSON.stringify({ data, hash }), randomBytes(16).toString('hex'));
    assert.deepEqual(causesOf(bad), ['hash-mismatch']);
    assert.ok(!JSON.stringify(bad).includes(token));
    for (const text of ['not json', '{"data":{}}', '{"data":{},"hash":"xyz"}', '[1]'])
      assert.deepEqual(causesOf(verifyHelcimPayResponse(text, token)), ['malformed-response'], text);
  });
});

describe("phpJsonEncode against Debian's PHP", () => {
  const php = spawnSync('php', ['--version']).status === 0;
  it(
    'gives the bytes PHP json_encode gives, on generated values (php-cli from apt; CI installs it)',
    { skip: php ? false : 'php-cli is not installed' },
    () => {
      const alphabet = [
        'a',
        'Z',
        '/',
        '\\',
        '"',
        '\n',
        '\t',
        '\u0001',
        'é',
        'Đ',
        '€',
        '😀',
        '\u2028',
        ' ',
        '<',
        '&',
        "'",
      ];
      const rnd = (n: number) => Math.floor(Math.random() * n);
      const str = () => Array.from({ length: rnd(12) }, () => alphabet[rnd(alphabet.length)]).join('');
      const value = (depth: number): unknown => {
        const k = rnd(depth > 2 ? 4 : 6);
        if (k === 0) return str();
        if (k === 1) return [0, -7, 15.45, 1e25, 0.1, 100, 2 ** 53][rnd(7)];
        if (k === 2) return [true, false, null][rnd(3)];
        if (k === 3) return str();
        if (k === 4) return Array.from({ length: rnd(4) }, () => value(depth + 1));
        return Object.fromEntries(Array.from({ length: rnd(4) }, () => [str() || 'k', value(depth + 1)]));
      };
      const values = Array.from({ length: 200 }, () => ({ data: value(0) }));
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-php-'));
      try {
        const input = path.join(dir, 'in.json');
        fs.writeFileSync(input, JSON.stringify(values));
        const script =
          '$all = json_decode(file_get_contents($argv[1])); $out = [];' +
          'foreach ($all as $v) { $out[] = [json_encode($v->data), json_encode($v->data, JSON_UNESCAPED_SLASHES), json_encode($v->data, JSON_UNESCAPED_UNICODE)]; }' +
          'echo json_encode($out);';
        const r = spawnSync('php', ['-r', script, input], { encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const expected = JSON.parse(r.stdout) as [string, string, string][];
        for (const [i, v] of values.entries()) {
          const [plain, slashes, unicode] = expected[i] ?? [];
          assert.equal(phpJsonEncode(v.data), plain, JSON.stringify(v.data));
          assert.equal(phpJsonEncode(v.data, { unescapedSlashes: true }), slashes);
          assert.equal(phpJsonEncode(v.data, { unescapedUnicode: true }), unicode);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
