// The receiver as an attacker sees it (issue 18 items 3, 4, 5, 12): forged deliveries are never
// re-signed, only POSTs from servers to this machine's name are taken, slow or many senders are
// bounded, and nothing kept shows a secret. All traffic stays on 127.0.0.1.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type Socket, connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/core/errors';
import type { Finding } from '../../src/core/scanner/scan';
import { deliver } from '../../src/core/webhooks/deliver';
import { signDelivery } from '../../src/core/webhooks/events';
import { hostAllowList, hostNameOf } from '../../src/core/webhooks/hostCheck';
import { WITHHELD_BODY, WebhookReceiver } from '../../src/core/webhooks/receiver';
import { redactBody } from '../../src/core/webhooks/redactDelivery';
import type { Refusal } from '../../src/core/webhooks/requestGate';
import { type Started, startServer } from './fixtures';
import { secrets } from './secretFixtures';

const S = secrets();
/** The parts of a finding a test scanner does not care about. */
const scanFinding: Omit<Finding, 'start' | 'end'> = {
  ruleId: 'test-marker',
  provider: 'test',
  severity: 'warning',
  message: 'a marker',
  preview: '••••••••',
};

interface Handled {
  headers: IncomingHttpHeaders;
  method: string;
  body: string;
}

/** A local handler that records what reaches it. */
async function recordingHandler(): Promise<Started & { got: Handled[] }> {
  const got: Handled[] = [];
  const h = await startServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, method: req.method ?? '', body: Buffer.concat(chunks).toString() });
      res.writeHead(204).end();
    });
  });
  return Object.assign(h, { got });
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Sends `head` (and `body`) as written on a raw socket; resolves with the status (0 if closed unanswered). */
function rawRequest(port: number, head: string, body = ''): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let text = '';
    s.setEncoding('latin1');
    s.on('data', (c: string) => (text += c));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    s.on('close', () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    s.write(`${head.split('\n').join('\r\n')}\r\n\r\n${body}`);
    setTimeout(() => s.destroy(), 3_000).unref();
  });
}

function post(host: string | undefined, extra: string[] = [], body = '{"type":"event","name":"x"}'): string {
  return [
    'POST /hooks HTTP/1.1',
    ...(host === undefined ? [] : [`Host: ${host}`]),
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    ...extra,
  ].join('\n');
}

describe('replaying a delivery that did not verify', () => {
  it('refuses to re-sign it: the handler never receives it signed; as it came still works', async () => {
    const secret = randomBytes(18).toString('hex');
    const handler = await recordingHandler();
    const receiver = new WebhookReceiver({ provider: 'gr4vy', secrets: async () => [secret], forwardTo: handler.url });
    const url = await receiver.start();
    try {
      const forged = '{"type":"event","name":"transaction.captured","target":{"id":"forged","amount":999999}}';
      const r = await rawRequest(portOf(url), post(`127.0.0.1:${portOf(url)}`, [], forged), forged);
      assert.equal(r.status, 204, 'forwarded as it came: the handler judges');
      const [d] = receiver.deliveries();
      assert.equal(d?.verdict.ok, false);
      assert.equal(handler.got.length, 1);
      await assert.rejects(
        receiver.replay(d?.seq ?? 0, true),
        (e: unknown) => isAppError(e, 'ERR_UNSUPPORTED') && /did not verify/.test(e.message),
      );
      assert.equal(handler.got.length, 1, 'nothing reached the handler');
      assert.ok(!handler.got.some((h) => 'x-gr4vy-webhook-signatures' in h.headers), 'nothing signed reached it');
      const again = await receiver.replay(d?.seq ?? 0, false);
      assert.equal(again.status, 204);
      assert.equal(handler.got[1]?.body, forged);
      assert.equal(handler.got[1]?.headers['x-gr4vy-webhook-signatures'], undefined, 'still unsigned');
      // A delivery that verified may still be re-signed.
      const ok = await deliver(url, signDelivery('gr4vy', [secret], '{"type":"event","name":"ok"}'));
      assert.equal(ok.status, 204);
      const [good] = receiver.deliveries();
      assert.equal(good?.verdict.ok, true, good?.verdict.summary);
      assert.equal((await receiver.replay(good?.seq ?? 0, true)).status, 204);
      assert.ok(handler.got[3]?.headers['x-gr4vy-webhook-signatures']);
    } finally {
      await receiver.stop();
      await handler.close();
    }
  });
});

describe('Host names', () => {
  it('reads name[:port] strictly, lower-cased, without the port', () => {
    const cases: [string, string | undefined][] = [
      ['127.0.0.1:8080', '127.0.0.1'],
      ['LOCALHOST:1', 'localhost'],
      ['localhost', 'localhost'],
      ['[::1]:4000', '[::1]'],
      ['[::1]', '[::1]'],
      ['Abc.Ngrok-Free.App', 'abc.ngrok-free.app'],
      ['127.0.0.1.evil', '127.0.0.1.evil'],
      ['127.0.0.1@evil', undefined],
      ['evil@127.0.0.1', undefined],
      ['localhost.', undefined],
      ['localhost:', undefined],
      ['localhost:123456', undefined],
      ['localhost:80:80', undefined],
      ['local host', undefined],
      [' localhost', undefined],
      ['localhost/x', undefined],
      ['localhost\\@evil', undefined],
      ['-localhost', undefined],
      ['', undefined],
      ['::1', undefined],
      ['[::1', undefined],
      ['127。0。0。1', undefined],
    ];
    for (const [header, name] of cases) assert.equal(hostNameOf(header), name, header);
  });

  it('allows the loopback names and the listed ones, by name, never by a look-alike', () => {
    const list = hostAllowList(['Abc.ngrok-free.app', '*.trycloudflare.com']);
    for (const n of [
      '127.0.0.1',
      'localhost',
      '[::1]',
      'abc.ngrok-free.app',
      'x.trycloudflare.com',
      'a.b.trycloudflare.com',
    ])
      assert.ok(list.allows(n), n);
    for (const n of [
      '127.0.0.1.evil',
      'localhost.evil',
      'evil.localhost.evil',
      '127.0.0.2',
      'abc.ngrok-free.app.evil',
      'xabc.ngrok-free.app',
      'trycloudflare.com',
      'eviltrycloudflare.com',
      'rebind.attacker.example',
    ])
      assert.ok(!list.allows(n), n);
    for (const bad of ['https://abc.ngrok-free.app', 'abc.ngrok-free.app:443', 'a/b', '*', '*.com', '', 'a b'])
      assert.throws(
        () => hostAllowList([bad]),
        (e: unknown) => isAppError(e, 'ERR_INVALID_INPUT'),
        bad,
      );
  });
});

describe('what the receiver takes', () => {
  let handler: Started & { got: Handled[] };
  let receiver: WebhookReceiver;
  let port = 0;
  const refusals: Refusal[] = [];

  before(async () => {
    handler = await recordingHandler();
    receiver = new WebhookReceiver({
      provider: 'gr4vy',
      secrets: async () => [randomBytes(18).toString('hex')],
      forwardTo: handler.url,
      allowedHosts: ['tunnel.example.net'],
    });
    receiver.onRefused((r) => refusals.push(r));
    port = portOf(await receiver.start());
  });
  after(async () => {
    await receiver.stop();
    await handler.close();
  });

  it('takes POSTs whose Host names this machine or an allowed tunnel, whatever the port', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `LOCALHOST:${port}`,
      'localhost',
      `[::1]:${port}`,
      'tunnel.example.net',
      'Tunnel.Example.Net:443',
    ]) {
      const before = handler.got.length;
      assert.equal((await rawRequest(port, post(host), '{"type":"event","name":"x"}')).status, 204, host);
      assert.equal(handler.got.length, before + 1, host);
    }
  });

  it('answers 403 to any other Host, a missing or repeated one, and forwards or lists nothing', async () => {
    const listed = receiver.deliveries().length;
    const forwarded = handler.got.length;
    const body = '{"type":"event","name":"x"}';
    for (const host of [
      'rebind.attacker.example',
      `rebind.attacker.example:${port}`,
      `127.0.0.1.evil:${port}`,
      `localhost.evil:${port}`,
      `127.0.0.1@evil:${port}`,
      `evil@127.0.0.1:${port}`,
      'localhost.',
      '127.0.0.2',
      'tunnel.example.net.evil',
      '',
    ])
      assert.equal((await rawRequest(port, post(host), body)).status, 403, host);
    const dup = await rawRequest(port, post(`127.0.0.1:${port}`, ['Host: rebind.attacker.example']), body);
    assert.equal(dup.status, 403, 'two Host headers');
    const dupSame = await rawRequest(port, post(`127.0.0.1:${port}`, [`Host: 127.0.0.1:${port}`]), body);
    assert.equal(dupSame.status, 403, 'two Host headers, even equal ones');
    const http10 = await rawRequest(port, post(undefined).replace('HTTP/1.1', 'HTTP/1.0'), body);
    assert.equal(http10.status === 403 || http10.status === 400, true, `no Host: ${http10.status}`);
    assert.equal(receiver.deliveries().length, listed, 'nothing listed');
    assert.equal(handler.got.length, forwarded, 'nothing forwarded');
    assert.ok(refusals.some((r) => r.reason === 'host' && r.host === 'rebind.attacker.example'));
    assert.ok(!refusals.some((r) => r.host?.includes('@')), 'only well-formed names are reported');
  });

  it('refuses what a web page sends: an Origin, or any Sec-Fetch-Site but none', async () => {
    const listed = receiver.deliveries().length;
    const forwarded = handler.got.length;
    const body = '{"type":"event","name":"x"}';
    const host = `127.0.0.1:${port}`;
    for (const extra of [
      ['Origin: https://evil.example'],
      ['Origin: null'],
      [`Origin: http://127.0.0.1:${port}`],
      ['Sec-Fetch-Site: cross-site'],
      ['Sec-Fetch-Site: same-site'],
      ['Sec-Fetch-Site: same-origin'],
      ['Sec-Fetch-Site: none', 'Sec-Fetch-Site: cross-site'],
    ]) {
      const r = await rawRequest(
        port,
        post(host, extra).replace('Content-Type: application/json', 'Content-Type: text/plain'),
        body,
      );
      assert.equal(r.status, 403, extra.join(', '));
    }
    assert.equal(receiver.deliveries().length, listed);
    assert.equal(handler.got.length, forwarded);
    assert.equal((await rawRequest(port, post(host, ['Sec-Fetch-Site: none']), body)).status, 204, 'typed by the user');
  });

  it('forwards only POSTs: OPTIONS (a preflight too), GET, PUT get 405 with Allow: POST', async () => {
    const listed = receiver.deliveries().length;
    const forwarded = handler.got.length;
    const host = `Host: 127.0.0.1:${port}`;
    for (const head of [
      `OPTIONS /hooks HTTP/1.1\n${host}\nConnection: close`,
      `OPTIONS /hooks HTTP/1.1\n${host}\nOrigin: https://evil.example\nAccess-Control-Request-Method: POST\nConnection: close`,
      `OPTIONS * HTTP/1.1\n${host}\nConnection: close`,
      `GET /hooks HTTP/1.1\n${host}\nConnection: close`,
      `PUT /hooks HTTP/1.1\n${host}\nContent-Length: 2\nConnection: close`,
      `DELETE /hooks HTTP/1.1\n${host}\nConnection: close`,
    ]) {
      const r = await rawRequest(port, head, head.startsWith('PUT') ? '{}' : '');
      assert.ok(r.status === 405 || (head.includes('*') && r.status === 400), `${head.split('\n')[0]}: ${r.status}`);
      if (r.status === 405) assert.match(r.text, /\r\nAllow: POST\r\n/i);
      assert.doesNotMatch(r.text, /access-control-allow/i);
    }
    const absolute = await rawRequest(
      port,
      post(`127.0.0.1:${port}`).replace('POST /hooks', 'POST http://evil.example/hooks'),
      '{}',
    );
    assert.ok(absolute.status === 400 || absolute.status === 403, `absolute-form target: ${absolute.status}`);
    assert.equal(receiver.deliveries().length, listed);
    assert.equal(handler.got.length, forwarded);
  });
});

describe('limits', () => {
  it('closes a sender that is slow with its headers within the header timeout', async () => {
    const receiver = new WebhookReceiver({
      provider: 'gr4vy',
      secrets: async () => [],
      limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 },
    });
    const port = portOf(await receiver.start());
    try {
      const t0 = Date.now();
      const closed = await new Promise<number>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.resume();
        const drip = setInterval(() => s.write('X-Slow: a\r\n'), 50);
        s.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n`);
        s.on('close', () => {
          clearInterval(drip);
          resolve(Date.now() - t0);
        });
        setTimeout(() => s.destroy(), 5_000).unref();
      });
      assert.ok(closed < 1_500, `closed after ${closed} ms`);
      // A connection that sends nothing at all is closed too.
      const t1 = Date.now();
      const idle = await new Promise<number>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.resume();
        s.on('close', () => resolve(Date.now() - t1));
        setTimeout(() => s.destroy(), 5_000).unref();
      });
      assert.ok(idle < 1_500, `idle connection closed after ${idle} ms`);
      // And one whose body never ends, within the request timeout.
      const t2 = Date.now();
      const body = await new Promise<number>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.on('error', () => undefined);
        s.resume();
        s.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: 1000\r\n\r\n{`);
        const drip = setInterval(() => s.write(' '), 50);
        s.on('close', () => {
          clearInterval(drip);
          resolve(Date.now() - t2);
        });
        setTimeout(() => s.destroy(), 5_000).unref();
      });
      assert.ok(body < 2_000, `slow body closed after ${body} ms`);
      assert.equal(receiver.deliveries().length, 0);
    } finally {
      await receiver.stop();
    }
  });

  /** Opens `n` connections one after another, each sending headers and `chunk` bytes of a 1 MB body, then going quiet. */
  async function holdOpen(port: number, n: number, chunk: number, sockets: Socket[], each: () => void) {
    const answers: Promise<number>[] = [];
    for (let i = 0; i < n; i++) {
      const s = connect(port, '127.0.0.1');
      sockets.push(s);
      let text = '';
      s.setEncoding('latin1');
      s.on('error', () => undefined);
      s.on('data', (c: string) => (text += c));
      answers.push(
        new Promise((resolve) => s.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)))),
      );
      await new Promise<void>((r) => s.once('connect', () => r()));
      s.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${1024 * 1024}\r\n\r\n`);
      s.write(Buffer.alloc(chunk, 'a'));
      await new Promise((r) => setTimeout(r, 40));
      each();
    }
    return answers;
  }

  it('caps open connections: the ones beyond are closed unanswered', async () => {
    const receiver = new WebhookReceiver({ provider: 'gr4vy', secrets: async () => [], limits: { maxConnections: 4 } });
    const port = portOf(await receiver.start());
    const sockets: Socket[] = [];
    try {
      let open = 0;
      const answers = await holdOpen(port, 12, 10 * 1024, sockets, () => undefined);
      await new Promise((r) => setTimeout(r, 100));
      open = await new Promise<number>((resolve, reject) =>
        receiver['server']?.getConnections((e, n) => (e ? reject(e) : resolve(n))),
      );
      assert.equal(open, 4);
      for (const s of sockets) s.destroy();
      const all = await Promise.all(answers);
      assert.equal(all.filter((a) => a === 0).length, 12, 'none was answered: 4 held, 8 closed');
      assert.equal(receiver.deliveries().length, 0);
    } finally {
      for (const s of sockets) s.destroy();
      await receiver.stop();
    }
  });

  it('caps the body bytes held across all requests: beyond it, 503', async () => {
    const receiver = new WebhookReceiver({
      provider: 'gr4vy',
      secrets: async () => [],
      limits: { maxBytesInFlight: 256 * 1024 },
    });
    const port = portOf(await receiver.start());
    const sockets: Socket[] = [];
    try {
      let maxHeld = 0;
      const answers = await holdOpen(port, 6, 100 * 1024, sockets, () => {
        maxHeld = Math.max(maxHeld, receiver.bytesInFlight);
      });
      assert.ok(maxHeld > 0 && maxHeld <= 256 * 1024, `${maxHeld} bytes held`);
      await new Promise((r) => setTimeout(r, 100));
      for (const s of sockets) s.destroy();
      const all = await Promise.all(answers);
      assert.equal(all.filter((a) => a === 503).length, 4, `told the receiver is busy: ${all.join(',')}`);
      await new Promise((r) => setTimeout(r, 50));
      assert.equal(receiver.bytesInFlight, 0, 'everything released');
      // Once released, a delivery is taken again.
      assert.equal((await rawRequest(port, post(`127.0.0.1:${port}`), '{"type":"event","name":"x"}')).status, 401);
    } finally {
      for (const s of sockets) s.destroy();
      await receiver.stop();
    }
  });
});

describe('what the receiver keeps of headers and the event label', () => {
  it('masks secrets in header values like in bodies, and labels from the masked body only', async () => {
    const secret = randomBytes(18).toString('hex');
    const receiver = new WebhookReceiver({ provider: 'gr4vy', secrets: async () => [secret] });
    const url = await receiver.start();
    try {
      const ghost = randomBytes(20).toString('base64url');
      const send = (body: string, headers: Record<string, string>) => {
        const d = signDelivery('gr4vy', [secret], body);
        return deliver(url, { headers: { ...d.headers, ...headers }, body });
      };
      await send(JSON.stringify({ type: 'event', name: S.stripeLive }), {
        'api-token': S.helcim,
        'x-stripe-key': S.stripeLive,
        'x-api-key': ghost,
        'x-note': `key ${S.stripeLive}`,
      });
      const [d] = receiver.deliveries();
      const kept = JSON.stringify(d);
      for (const v of [S.helcim, S.stripeLive, ghost]) assert.ok(!kept.includes(v), 'a secret is in the kept record');
      assert.match(d?.headers['api-token'] ?? '', /^••••••••/);
      assert.match(d?.headers['x-note'] ?? '', /^key ••••••••/);
      assert.ok(d?.headers['x-gr4vy-webhook-signatures'], 'signatures are kept as they came');
      assert.equal(d?.event, undefined, 'a label that would be a (masked) secret is dropped');
      for (const [name, label] of [
        ['transaction.captured', 'transaction.captured'],
        ['a:b-c_d.e', 'a:b-c_d.e'],
        ['<b>x</b>', undefined],
        ['line\nbreak', undefined],
        ['x'.repeat(61), undefined],
        ['', undefined],
      ] as const) {
        await send(JSON.stringify({ type: 'event', name }), {});
        assert.equal(receiver.deliveries()[0]?.event, label, name);
      }
      await send(JSON.stringify({ type: 'cardTransaction' }), {});
      assert.equal(receiver.deliveries()[0]?.event, 'cardTransaction');
    } finally {
      await receiver.stop();
    }
  });

  it('masks many findings in a 1 MB body in one pass (slicing per finding took minutes)', () => {
    const parts: string[] = [];
    const spans: { start: number; end: number }[] = [];
    let at = 0;
    while (at < 1024 * 1024) {
      const v = S.stripeLive;
      spans.push({ start: at, end: at + v.length });
      parts.push(v, ' ');
      at += v.length + 1;
    }
    const body = parts.join('');
    // Overlapping findings of the same value count once.
    const findings = [...spans, ...spans.slice(0, 100).map((f) => ({ start: f.start + 3, end: f.end }))];
    const t0 = performance.now();
    const r = redactBody(body, [], findings);
    const ms = performance.now() - t0;
    assert.ok(ms < 2_000, `${Math.round(ms)} ms`);
    assert.equal(r.count, spans.length);
    assert.ok(!r.text.includes(S.stripeLive));
    assert.equal(r.text.split(' ').length, spans.length + 1);
  });

  it('with a scanner off the thread: its findings are used, and a body past its budget is not shown', async () => {
    const secret = randomBytes(18).toString('hex');
    let overBudget = false;
    const handler = await recordingHandler();
    const receiver = new WebhookReceiver({
      provider: 'gr4vy',
      secrets: async () => [secret],
      forwardTo: handler.url,
      scanText: async (text) => {
        if (overBudget) return undefined;
        const i = text.indexOf('SECRET-HERE');
        return i < 0 ? [] : [{ ...scanFinding, start: i, end: i + 'SECRET-HERE'.length }];
      },
    });
    const url = await receiver.start();
    try {
      const body = '{"type":"event","name":"ok","note":"SECRET-HERE"}';
      await deliver(url, signDelivery('gr4vy', [secret], body));
      assert.match(receiver.deliveries()[0]?.body ?? '', /"note":"••••••••"/);
      assert.equal(receiver.deliveries()[0]?.event, 'ok');
      overBudget = true;
      assert.equal((await deliver(url, signDelivery('gr4vy', [secret], body))).status, 204);
      const [d] = receiver.deliveries();
      assert.equal(d?.body, WITHHELD_BODY);
      assert.equal(d?.event, undefined);
      assert.equal(d?.verdict.ok, true, 'still verified');
      assert.equal(handler.got.at(-1)?.body, body, 'and forwarded as it came');
    } finally {
      await receiver.stop();
      await handler.close();
    }
  });
});
