import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import {
  connect,
  createServer as createTcpServer,
  type AddressInfo,
  type LookupFunction,
  type Server as TcpServer,
} from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Agent } from 'undici';
import { readSigningKey } from '../../src/core/keys/privateKey';
import { bypassesProxy, classifyNetworkError, httpGet, scrubCause } from '../../src/core/http/request';
import { testGr4vy } from '../../src/core/providers/gr4vy/connection';
import { type StandInLog, gr4vyStandIn } from '../standIns/gr4vy';
import { testHelcim } from '../../src/core/providers/helcim/connection';
import {
  type Gr4vyServerLog,
  type Started,
  gr4vyHandler,
  helcimHandler,
  helcimToken,
  p521Key,
  startServer,
} from './fixtures';

const token = helcimToken();

/** A DNS lookup that always fails with ENOTFOUND, as for a host that does not exist. */
function failingLookup(onLookup: (host: string) => void): LookupFunction {
  return (
    host: string,
    _opts: unknown,
    cb: (e: NodeJS.ErrnoException | null, address: string, family: number) => void,
  ) => {
    onLookup(host);
    cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' }), '', 0);
  };
}

function respond(status: number, body: string, headers: Record<string, string> = {}) {
  return startServer((_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
}

describe('Helcim connection test', () => {
  let helcim: Started;
  const seen = { headers: [] as IncomingHttpHeaders[] };
  before(async () => {
    helcim = await startServer(helcimHandler(token, seen));
  });
  after(async () => {
    await helcim.close();
  });

  it('connected: 200, decided by status, with latency; sends api-token and accept', async () => {
    const r = await testHelcim(token, { baseUrl: helcim.url });
    assert.equal(r.ok, true);
    assert.equal(r.outcome, 'connected');
    assert.match(r.message, /^Connected to Helcim in \d+ ms \(HTTP 200\)$/);
    assert.equal(typeof r.latencyMs, 'number');
    const h = seen.headers.at(-1);
    assert.equal(h?.['api-token'], token);
    assert.equal(h?.accept, 'application/json');
  });

  it('a 200 with other wording still counts as connected (status decides, never text)', async () => {
    const s = await respond(200, JSON.stringify({ message: 'Connection Successful' }));
    try {
      assert.equal((await testHelcim(token, { baseUrl: s.url })).outcome, 'connected');
    } finally {
      await s.close();
    }
  });

  it('403 rejected: quotes Helcim and says what to do', async () => {
    const r = await testHelcim(helcimToken(), { baseUrl: helcim.url });
    assert.equal(r.outcome, 'forbidden');
    assert.equal(r.message, 'Helcim rejected the api-token (HTTP 403): “Unauthorized”');
    assert.match(r.advice ?? '', /Integrations > API Access Configuration/);
  });

  it('401 (no token reached Helcim) is told apart from 403', async () => {
    const s = await respond(401, JSON.stringify({ errors: 'Unauthorized' }));
    try {
      const r = await testHelcim(token, { baseUrl: s.url });
      assert.equal(r.outcome, 'unauthorized');
      assert.match(r.message, /Helcim received no api-token \(HTTP 401\)/);
      assert.match(r.advice ?? '', /proxy/);
    } finally {
      await s.close();
    }
  });

  it('errors as an object or array of messages are quoted too', async () => {
    const s = await respond(400, JSON.stringify({ errors: { businessId: 'invalid businessId', other: ['a', 'b'] } }));
    try {
      const r = await testHelcim(token, { baseUrl: s.url });
      assert.equal(r.outcome, 'badRequest');
      assert.match(r.message, /“businessId: invalid businessId; other: a; b”/);
    } finally {
      await s.close();
    }
  });

  it('404, 429 with Retry-After, 5xx, redirect: each its own outcome', async () => {
    const cases: [number, string, Record<string, string>, string, RegExp][] = [
      [404, '{"errors":"Not Found"}', {}, 'notFound', /baseUrl/],
      [429, '{"errors":"Too many requests"}', { 'retry-after': '17' }, 'rateLimited', /Wait 17 s/],
      [503, '<html>down</html>', {}, 'serverError', /try again/],
      [302, '', { location: 'https://elsewhere.example/login' }, 'redirect', /not followed/],
      [418, '{}', {}, 'unexpectedStatus', /base URL/],
    ];
    for (const [status, body, headers, outcome, advice] of cases) {
      const s = await respond(status, body, headers);
      try {
        const r = await testHelcim(token, { baseUrl: s.url });
        assert.equal(r.outcome, outcome, `HTTP ${status}`);
        assert.equal(r.status, status);
        assert.match(r.advice ?? '', advice);
        if (status === 503) assert.match(r.message, /HTTP 503\) \(the body was not JSON\)/);
      } finally {
        await s.close();
      }
    }
  });

  it('a 200 whose body is not JSON is reported as such', async () => {
    const s = await respond(200, '<html>Welcome to the hotel Wi-Fi</html>', { 'content-type': 'text/html' });
    try {
      const r = await testHelcim(token, { baseUrl: s.url });
      assert.equal(r.ok, false);
      assert.equal(r.outcome, 'invalidBody');
      assert.match(r.advice ?? '', /captive portal/);
    } finally {
      await s.close();
    }
  });

  it('timeout: a server that never answers', async () => {
    const s = await startServer(() => {
      /* never answers */
    });
    try {
      const t0 = Date.now();
      const r = await testHelcim(token, { baseUrl: s.url, timeoutMs: 300 });
      assert.equal(r.outcome, 'timeout');
      assert.match(r.message, /^No answer from 127\.0\.0\.1:\d+ within 300 ms$/);
      assert.ok(Date.now() - t0 < 5000);
    } finally {
      await s.close();
    }
  });

  it('a server that closes the socket', async () => {
    const s = await startServer((req) => {
      req.socket.destroy();
    });
    try {
      const r = await testHelcim(token, { baseUrl: s.url });
      assert.equal(r.outcome, 'connectionFailed');
      assert.match(r.message, /closed the connection before answering/);
    } finally {
      await s.close();
    }
  });

  it('connection refused', async () => {
    const s = await startServer(() => undefined);
    const url = s.url;
    await s.close();
    const r = await testHelcim(token, { baseUrl: url });
    assert.equal(r.outcome, 'connectionFailed');
    assert.match(r.message, /Could not connect to 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });

  it('DNS failure', async () => {
    const dispatcher = new Agent({ connect: { lookup: failingLookup(() => undefined) } });
    const r = await testHelcim(token, { baseUrl: 'https://api.nope.invalid', dispatcher });
    assert.equal(r.outcome, 'dns');
    assert.equal(r.message, 'Could not resolve api.nope.invalid (ENOTFOUND)');
    assert.match(r.advice ?? '', /Check the host name .* DNS/);
    await dispatcher.close();
  });

  it('DNS failure of a Gr4vy instance: the advice names the instance id, in Gr4vy words', async () => {
    const dispatcher = new Agent({ connect: { lookup: failingLookup(() => undefined) } });
    const key = await readSigningKey(p521Key().pkcs8);
    const target = { key, instanceId: 'nope', environment: 'sandbox' as const, scopes: ['*.read'] };
    const r = await testGr4vy(target, { baseUrl: 'https://api.sandbox.nope.invalid', dispatcher });
    assert.equal(r.outcome, 'dns');
    assert.match(r.advice ?? '', /instance id \(the <id> in api\.<id>\.gr4vy\.app\)/);
    await dispatcher.close();
  });

  it('cancellation', async () => {
    const s = await startServer(() => undefined);
    try {
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 50);
      const r = await testHelcim(token, { baseUrl: s.url, signal: ac.signal, timeoutMs: 5000 });
      assert.equal(r.outcome, 'cancelled');
    } finally {
      await s.close();
    }
  });

  it('a body larger than the limit is not read to the end', async () => {
    const s = await respond(200, JSON.stringify({ pad: 'x'.repeat(5000) }));
    try {
      const r = await testHelcim(token, { baseUrl: s.url, maxBodyBytes: 1000 });
      assert.equal(r.outcome, 'invalidBody');
      assert.match(r.message, /larger than/);
    } finally {
      await s.close();
    }
  });
});

describe('proxies', () => {
  let helcim: Started;
  let proxy: TcpServer;
  let proxyUrl = '';
  let tunnels = 0;
  before(async () => {
    helcim = await startServer(helcimHandler(token));
    // A minimal CONNECT proxy: tunnels to the requested host, or refuses with 407 when asked to.
    proxy = createTcpServer((client) => {
      client.once('data', (d) => {
        const head = d.toString();
        const m = /^CONNECT ([^ ]+) HTTP/.exec(head);
        if (!m?.[1]) {
          client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
          return;
        }
        if (/proxy-authorization/i.test(head) === false && m[1].startsWith('needs-auth')) {
          client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
          return;
        }
        const [host, port] = m[1].split(':');
        const upstream = connect(Number(port), host === 'needs-auth.local' ? '127.0.0.1' : host, () => {
          tunnels++;
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.pipe(client).pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
      });
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  });
  after(async () => {
    await helcim.close();
    proxy.close();
  });

  it('goes through the proxy when one is set', async () => {
    const before = tunnels;
    const r = await testHelcim(token, {
      baseUrl: helcim.url,
      proxy: { httpProxy: proxyUrl, httpsProxy: proxyUrl, strictSSL: true, noProxy: [] },
    });
    assert.equal(r.outcome, 'connected');
    assert.equal(tunnels, before + 1);
  });

  it('skips the proxy for hosts in noProxy', async () => {
    const before = tunnels;
    const r = await testHelcim(token, {
      baseUrl: helcim.url,
      proxy: {
        httpProxy: 'http://127.0.0.1:9',
        httpsProxy: 'http://127.0.0.1:9',
        strictSSL: true,
        noProxy: ['127.0.0.1'],
      },
    });
    assert.equal(r.outcome, 'connected');
    assert.equal(tunnels, before);
    assert.ok(bypassesProxy('api.helcim.com', ['.helcim.com']));
    assert.ok(bypassesProxy('helcim.com', ['helcim.com']));
    assert.ok(bypassesProxy('x.y', ['*']));
    assert.ok(!bypassesProxy('evilhelcim.com', ['helcim.com']));
  });

  it('a proxy that is down is a proxy failure, not a provider failure', async () => {
    const r = await testHelcim(token, {
      baseUrl: helcim.url,
      proxy: { httpProxy: 'http://127.0.0.1:9', httpsProxy: 'http://127.0.0.1:9', strictSSL: true, noProxy: [] },
    });
    assert.equal(r.outcome, 'proxy');
    assert.match(r.message, /^The proxy 127\.0\.0\.1:9 failed \(ECONNREFUSED\) while connecting to 127\.0\.0\.1:\d+$/);
    assert.match(r.advice ?? '', /http\.proxy/);
  });

  it('a proxy that wants authentication says 407', async () => {
    const port = new URL(helcim.url).port;
    const r = await testHelcim(token, {
      baseUrl: `http://needs-auth.local:${port}`,
      proxy: { httpProxy: proxyUrl, httpsProxy: proxyUrl, strictSSL: true, noProxy: [] },
    });
    assert.equal(r.outcome, 'proxy');
    assert.match(r.message, /answered HTTP 407 \(proxy authentication required\)/);
  });

  it('a proxy URL that does not parse is named without its credentials', async () => {
    const r = await testHelcim(token, {
      baseUrl: helcim.url,
      proxy: { httpProxy: 'not a url', httpsProxy: 'not a url', strictSSL: true, noProxy: [] },
    });
    assert.equal(r.outcome, 'proxy');
    assert.match(r.message, /not a usable URL/);
  });
});

describe('network errors are scrubbed before anyone logs them', () => {
  it('removes header values and URL credentials', () => {
    const e = Object.assign(
      new Error(`bad request api-token: ${token}, authorization: bearer abc.def.ghi via http://user:pw@proxy:3128`),
      { code: 'UND_ERR_X' },
    );
    const s = scrubCause(e);
    assert.ok(!JSON.stringify(s).includes(token));
    assert.ok(!JSON.stringify(s).includes('abc.def.ghi'));
    assert.ok(!JSON.stringify(s).includes('user:pw'));
    assert.equal(s.code, 'UND_ERR_X');
    const classified = classifyNetworkError(e, 'h', 1000);
    assert.ok(!JSON.stringify({ m: classified.message, c: classified.cause }).includes(token));
  });
  it('httpGet errors never carry request headers', async () => {
    const s = await startServer((req) => {
      req.socket.destroy();
    });
    try {
      await httpGet(s.url, { 'api-token': token }).then(
        () => assert.fail('should fail'),
        (e: unknown) => {
          const all = `${String(e)} ${JSON.stringify(e)} ${JSON.stringify((e as { cause?: unknown }).cause)}`;
          assert.ok(!all.includes(token));
        },
      );
    } finally {
      await s.close();
    }
  });
});

describe('Gr4vy connection test', () => {
  const log: Gr4vyServerLog = { tokens: [], merchantHeaders: [], rejections: [] };
  let k: ReturnType<typeof p521Key>;
  let gr4vy: Started;
  before(async () => {
    k = p521Key({ leadingZero: true });
    gr4vy = await startServer(gr4vyHandler(k.publicKey, log));
  });
  after(async () => {
    await gr4vy.close();
  });

  it('signs a fresh token the strict server accepts (signature, kid, seconds, unique jti) and sends the merchant header', async () => {
    const key = await readSigningKey(k.sec1);
    const target = {
      key,
      instanceId: 'acme',
      environment: 'sandbox' as const,
      scopes: ['*.read', '*.write'],
      merchantAccountId: 'merchant-1',
    };
    const r1 = await testGr4vy(target, { baseUrl: gr4vy.url });
    const r2 = await testGr4vy(target, { baseUrl: gr4vy.url });
    assert.deepEqual(log.rejections, []);
    assert.equal(r1.outcome, 'connected', r1.message);
    assert.equal(r2.outcome, 'connected');
    assert.deepEqual(log.merchantHeaders, ['merchant-1', 'merchant-1']);
    const [a, b] = log.tokens;
    assert.notEqual(a?.claims.jti, b?.claims.jti);
    assert.equal((a?.claims.exp as number) - (a?.claims.nbf as number), 30);
    assert.match(String(a?.claims.iss), /^payment-api-toolkit\/\d+\.\d+\.\d+/);
  });

  it('a token whose scopes read none of the probed resources: noReadableResource, each resource tried once', async () => {
    const key = await readSigningKey(k.pkcs8);
    const standIn: StandInLog = { requests: [], claims: [] };
    const s = await startServer(gr4vyStandIn([{ publicKey: k.publicKey, role: 'full' }], standIn));
    try {
      const r = await testGr4vy(
        { key, instanceId: 'acme', environment: 'sandbox', scopes: ['transactions.write'] },
        { baseUrl: s.url },
      );
      assert.equal(r.outcome, 'noReadableResource');
      assert.match(
        r.message,
        /could read none of buyers, transactions, payment-services \(HTTP 403\): “Invalid credentials”/,
      );
      assert.match(r.advice ?? '', /narrower scopes than \*\.read/);
      assert.deepEqual(standIn.requests, [
        'GET /buyers → 403 (scopes)',
        'GET /transactions → 403 (scopes)',
        'GET /payment-services → 403 (scopes)',
      ]);
    } finally {
      await s.close();
    }
  });

  it('401 for a key the instance does not know', async () => {
    const other = await readSigningKey(p521Key().pkcs8);
    const r = await testGr4vy(
      { key: other, instanceId: 'acme', environment: 'sandbox', scopes: ['*.read'] },
      { baseUrl: gr4vy.url },
    );
    assert.equal(r.outcome, 'unauthorized');
    assert.equal(r.message, 'Gr4vy found no valid authentication (HTTP 401): “No valid API authentication found”');
    assert.match(r.advice ?? '', /Integrations > API keys/);
  });

  it('uses the sandbox or production host by default', async () => {
    const key = await readSigningKey(k.pkcs8);
    const hosts: string[] = [];
    const dispatcher = new Agent({ connect: { lookup: failingLookup((h) => hosts.push(h)) } });
    await testGr4vy({ key, instanceId: 'acme', environment: 'sandbox', scopes: ['*.read'] }, { dispatcher });
    await testGr4vy({ key, instanceId: 'acme', environment: 'production', scopes: ['*.read'] }, { dispatcher });
    assert.deepEqual(hosts, ['api.sandbox.acme.gr4vy.app', 'api.acme.gr4vy.app']);
    await dispatcher.close();
  });
});

describe('a server that echoes the credential back', () => {
  it('never puts the api-token into the result, only its mask', async () => {
    const s = await startServer((req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: `Unauthorized token ${String(req.headers['api-token'])}` }));
    });
    try {
      const r = await testHelcim(token, { baseUrl: s.url });
      assert.equal(r.outcome, 'forbidden');
      assert.ok(!JSON.stringify(r).includes(token), r.message);
      assert.match(r.message, /Unauthorized token ••••••••/);
    } finally {
      await s.close();
    }
  });
  it('never puts the api-token into the result when the answer spells it with JSON escapes', async () => {
    const escaped = (t: string) => [...t].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const bodies = [
      // The whole message escaped, as a server that escapes everything does.
      (t: string) => `{"errors":"invalid token ${escaped(t)}"}`,
      // Cut where the message is clipped (300 characters): the start of the token must not remain.
      (t: string) => `{"errors":"${'x'.repeat(280)} ${escaped(t)}"}`,
      // In a member name: messagesOf quotes names too.
      (t: string) => `{"errors":{"${escaped(t)}":"is not a valid token"}}`,
    ];
    for (const body of bodies) {
      const s = await startServer((req, res) => {
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(body(String(req.headers['api-token'])));
      });
      try {
        const r = await testHelcim(token, { baseUrl: s.url });
        assert.equal(r.outcome, 'forbidden');
        const shown = JSON.stringify(r);
        for (let i = 0; i + 8 <= token.length; i++)
          assert.ok(!shown.includes(token.slice(i, i + 8)), `part of the token in: ${r.message}`);
        assert.match(r.message, /••••••••/);
      } finally {
        await s.close();
      }
    }
  });
  it('never puts the api-token into a redirect message, wherever the Location clips it', async () => {
    const s = await startServer((req, res) => {
      // The token starts 17 characters before the message clips the location (at 200).
      res.writeHead(302, {
        location: `https://elsewhere.example/${'p'.repeat(150)}?token=${String(req.headers['api-token'])}`,
      });
      res.end();
    });
    try {
      const r = await testHelcim(token, { baseUrl: s.url });
      assert.equal(r.outcome, 'redirect');
      for (let i = 0; i + 8 <= token.length; i++) assert.ok(!JSON.stringify(r).includes(token.slice(i, i + 8)));
    } finally {
      await s.close();
    }
  });
  it('never puts the signed Gr4vy token into the result', async () => {
    const key = await readSigningKey(p521Key().pkcs8);
    let sent = '';
    const s = await startServer((req, res) => {
      sent = String(req.headers.authorization).replace(/^bearer /i, '');
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          type: 'error',
          code: 'unauthorized',
          status: 401,
          message: `No valid API authentication found for ${sent}`,
          details: [],
        }),
      );
    });
    try {
      const r = await testGr4vy(
        { key, instanceId: 'acme', environment: 'sandbox', scopes: ['*.read'] },
        { baseUrl: s.url },
      );
      assert.equal(r.outcome, 'unauthorized');
      assert.ok(sent.length > 100);
      for (const part of sent.split('.')) assert.ok(!JSON.stringify(r).includes(part.slice(0, 24)), r.message);
    } finally {
      await s.close();
    }
  });
});
