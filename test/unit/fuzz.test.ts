// Thousands of generated tokens, keys and embed objects through `payapi jwt`: exit codes are only
// 0, 1 or 2, nothing is an internal error, and time and output stay bounded. Seeded, so a failure
// can be replayed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cli } from './cliHarness';
import { pemLabel, p521Key, rng } from './fixtures';

const b64 = (s: string) => Buffer.from(s).toString('base64url');
const deep = (n: number, open: string, close: string, inner = '1') => `${open.repeat(n)}${inner}${close.repeat(n)}`;

function makeValue(r: ReturnType<typeof rng>): string {
  return r.pick([
    () => String(r.pick([1e16, 2 ** 53, -1e20, 1e308, -0, 0.5, 1.7e12, 253402300800, 8.64e12, 9e15])),
    () => JSON.stringify('x'.repeat(r.int(5000))),
    () => deep(r.pick([1, 10, 33, 500, 5000]), '[', ']'),
    () => deep(r.pick([2, 40, 3000]), '{"a":', '}'),
    () => JSON.stringify(r.pick(['embed', '*.read', 'x.write', '', 'ü', '\u0000', '<script>'])),
    () => r.pick(['null', 'true', '[]', '{}', '"2026-01-01"']),
  ])();
}

function makeToken(r: ReturnType<typeof rng>): string {
  const claims = ['exp', 'nbf', 'iat', 'scopes', 'embed', 'jti', 'iss', 'checkout_session_id', 'sub'];
  const payload = `{${claims
    .filter(() => r.next() < 0.6)
    .map((c) => `"${c}":${makeValue(r)}`)
    .join(',')}}`;
  const header = r.pick(['{"alg":"ES512","typ":"JWT","kid":"k"}', '{"alg":"none"}', '{}', `{"alg":${makeValue(r)}}`]);
  const sig = Buffer.alloc(r.pick([0, 64, 132, 139, 5000]))
    .fill(r.int(256))
    .toString('base64url');
  const token = `${b64(header)}.${b64(payload)}.${sig}`;
  return r.pick([
    () => token,
    () => `Bearer ${token}`,
    () => token.slice(0, r.int(token.length)),
    () => token.replace(/[A-Za-z]/, '+'),
    () => `${token}.${token}`,
    () => Buffer.from(Array.from({ length: r.int(300) }, () => r.int(256))).toString('latin1'),
  ])();
}

function makeKey(r: ReturnType<typeof rng>, k: ReturnType<typeof p521Key>): string {
  const der = Buffer.from(k.privateKey.export({ format: 'der', type: 'pkcs8' }));
  return r.pick([
    () => k.pkcs8,
    () => k.pkcs8.slice(0, r.int(k.pkcs8.length)),
    () => {
      const at = r.int(der.length);
      der[at] = (der[at] ?? 0) ^ (1 << r.int(8));
      return `${pemLabel('PRIVATE KEY', 'BEGIN')}\n${der.toString('base64')}\n${pemLabel('PRIVATE KEY', 'END')}`;
    },
    () =>
      JSON.stringify({ ...k.jwk, [r.pick(['x', 'y', 'd', 'crv', 'kty'])]: r.pick(['', 'AAAA', 'P-256', 'RSA', 1]) }),
    () => deep(r.pick([10, 3000]), '{"k":', '}'),
    () => `${pemLabel(r.pick(['EC PARAMETERS', 'PUBLIC KEY', 'CERTIFICATE', 'X']), 'BEGIN')}\nAAAA\n`,
    () => Buffer.from(Array.from({ length: r.int(2000) }, () => r.int(256))).toString('latin1'),
  ])();
}

async function bounded(argv: string[], opts: Parameters<typeof cli>[1] = {}) {
  const t0 = performance.now();
  const r = await cli(argv, opts);
  const ms = performance.now() - t0;
  const where = `payapi ${argv.slice(0, 2).join(' ')} (exit ${r.code}): ${r.stderr.slice(0, 300)}`;
  assert.ok([0, 1, 2].includes(r.code), where);
  assert.doesNotMatch(r.stderr, /internal error/, where);
  assert.ok(r.stdout.length + r.stderr.length < 1_000_000, `${where}: ${r.stdout.length} characters of output`);
  assert.ok(ms < 3000, `${where}: took ${Math.round(ms)} ms`);
  return r;
}

describe('fuzz: payapi jwt on generated input', () => {
  const k = p521Key();
  it('decode: 1,500 generated tokens', async () => {
    const r = rng(1);
    for (let i = 0; i < 1500; i++) await bounded(['jwt', 'decode', makeToken(r)]);
  });

  it('verify: 400 tokens against generated keys', async () => {
    const r = rng(2);
    for (let i = 0; i < 400; i++) {
      await bounded(['jwt', 'verify', makeToken(r), '--key', 'k.pem'], { files: { 'k.pem': makeKey(r, k) } });
    }
  });

  it('sign: 400 generated keys and embed objects', async () => {
    const r = rng(3);
    for (let i = 0; i < 400; i++) {
      const embed = r.pick([
        () => `{"amount":${makeValue(r)}}`,
        () => makeValue(r),
        () => deep(r.pick([5, 2000]), '{"a":', '}'),
      ])();
      const scopes = r.pick(['embed', '*.read', 'embed,*.write', 'nonsense!', '']);
      await bounded(
        [
          'jwt',
          'sign',
          '--key',
          'k.pem',
          '--embed',
          embed,
          '--scopes',
          scopes,
          '--expires-in',
          r.pick(['30s', '1h', 'x', '99999d']),
        ],
        {
          files: { 'k.pem': makeKey(r, k) },
        },
      );
    }
  });
});

describe('fuzz: payapi webhook verify and helcimpay verify on generated input', () => {
  const env = { H: Buffer.from('verifier-token-bytes-0123').toString('base64'), G: 'gr4vy-webhook-secret-0123' };
  const bodyOf = (r: ReturnType<typeof rng>) =>
    r.pick([
      () => `{"id":${makeValue(r)},"type":"cardTransaction"}`,
      () => deep(r.pick([40, 5000, 100_000]), '[', ']'),
      () => deep(r.pick([40, 5000]), '{"a":', '}'),
      () => 'x'.repeat(r.pick([0, 10, 200_000])),
      () => Buffer.from(Array.from({ length: r.int(500) }, () => r.int(256))).toString('latin1'),
    ])();
  const headerValue = (r: ReturnType<typeof rng>) =>
    r.pick([
      () => String(Math.floor(Date.now() / 1000)),
      () => String(Date.now()),
      () => r.pick(['', '-1', '1e9', 'NaN', '99999999999999999999', ' 12 ']),
      () => `v1,${'A'.repeat(r.int(100))}`,
      () => Array.from({ length: r.pick([1, 50, 3000]) }, () => 'ab'.repeat(32)).join(r.pick([',', ' '])),
      () => 'é€\u0000'.repeat(r.int(30)),
    ])();
  const request = (r: ReturnType<typeof rng>) => {
    const names = [
      'webhook-id',
      'webhook-timestamp',
      'webhook-signature',
      'X-Gr4vy-Webhook-Signatures',
      'X-Gr4vy-Webhook-Timestamp',
      'X-Gr4vy-Signature',
      'Host',
    ];
    const head = names.filter(() => r.next() < 0.6).map((n) => `${n}: ${headerValue(r)}`);
    const text = `${r.next() < 0.5 ? 'POST /hooks HTTP/1.1\r\n' : ''}${head.join(r.pick(['\n', '\r\n']))}${r.pick(['\n\n', '\r\n\r\n', '\n', ''])}${bodyOf(r)}`;
    // Well formed, wrongly signed: the diagnosis (body variants, other keys) runs on the generated body.
    const ts = String(Math.floor(Date.now() / 1000));
    const formed = r.pick([
      () => `webhook-id: m\nwebhook-timestamp: ${ts}\nwebhook-signature: v1,${'A'.repeat(43)}=\n\n${bodyOf(r)}`,
      () => `X-Gr4vy-Webhook-Signatures: ${'ab'.repeat(32)}\nX-Gr4vy-Webhook-Timestamp: ${ts}\n\n${bodyOf(r)}`,
    ])();
    return r.pick([() => text, () => text.slice(0, r.int(text.length)), () => bodyOf(r), () => formed])();
  };

  it('webhook verify: 600 generated requests for each provider', async () => {
    const r = rng(11);
    for (let i = 0; i < 600; i++) {
      const helcim = i % 2 === 0;
      await bounded(
        [
          'webhook',
          'verify',
          '--provider',
          helcim ? 'helcim' : 'gr4vy',
          '--secret-env',
          helcim ? 'H' : 'G',
          '--format',
          r.pick(['text', 'json']),
        ],
        { env, stdin: request(r) },
      );
    }
  });

  it('helcimpay verify: 400 generated responses', async () => {
    const r = rng(12);
    for (let i = 0; i < 400; i++) {
      const data = r.pick([() => makeValue(r), () => `{"a":${makeValue(r)},"b":"é/😀"}`, () => bodyOf(r)])();
      const text = r.pick([
        () => `{"data":${data},"hash":"${'ab'.repeat(32)}"}`,
        () => `{"eventMessage":${JSON.stringify(`{"data":${data},"hash":"${'cd'.repeat(32)}"}`)}}`,
        () => `{"data":${data},"hash":${makeValue(r)}}`,
        () => bodyOf(r),
      ])();
      await bounded(['helcimpay', 'verify', '--secret-token-env', 'G'], {
        env,
        stdin: r.next() < 0.2 ? text.slice(0, r.int(text.length)) : text,
      });
    }
  });
});
