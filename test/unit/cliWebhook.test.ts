import assert from 'node:assert/strict';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { verifyWebhook as sdkVerifyWebhook } from '@gr4vy/sdk/lib/webhooks';
import { Webhook } from 'standardwebhooks';
import { cli } from './cliHarness';
import { startServer } from './fixtures';
import { webhookCases } from './webhookCases';

const token = randomBytes(24).toString('base64');
const secret = randomBytes(18).toString('hex');
const env = { HELCIM_WEBHOOK_TOKEN: token, GR4VY_WEBHOOK_SECRET: secret, OLD_SECRET: randomBytes(18).toString('hex') };

function helcimRaw(body: string, ts = Math.floor(Date.now() / 1000)) {
  const sig = new Webhook(token).sign('msg_1', new Date(ts * 1000), body);
  return `POST /hooks HTTP/1.1\nwebhook-id: msg_1\nwebhook-timestamp: ${ts}\nwebhook-signature: ${sig}\n\n${body}`;
}

describe('payapi webhook verify', () => {
  const body = '{"id":"25764674","type":"cardTransaction"}';
  it('exit 0 with the matched signature; exit 1 with the cause; never prints the secret', async () => {
    const ok = await cli(['webhook', 'verify', '--provider', 'helcim', '--secret-env', 'HELCIM_WEBHOOK_TOKEN'], {
      env,
      stdin: helcimRaw(body),
    });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^verified: signature 1 of 1/);
    const changed = await cli(
      ['webhook', 'verify', '--provider', 'helcim', '--secret-env', 'HELCIM_WEBHOOK_TOKEN', '--request', 'req.txt'],
      {
        env,
        files: { 'req.txt': helcimRaw(body).replace(body, JSON.stringify(JSON.parse(body), null, 2)) },
      },
    );
    assert.equal(changed.code, 1);
    assert.match(changed.stdout, /cause body-changed: The signature matches the body as compact JSON/);
    const ts = Math.floor(Date.now() / 1000);
    const gr = `X-Gr4vy-Signature: ${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}\nX-Gr4vy-Timestamp: ${ts}\n\n${body}`;
    const legacy = await cli(
      ['webhook', 'verify', '--provider', 'gr4vy', '--secret-env', 'GR4VY_WEBHOOK_SECRET', '--format', 'json'],
      { env, stdin: gr },
    );
    assert.equal(legacy.code, 1);
    assert.equal((JSON.parse(legacy.stdout) as { causes: { cause: string }[] }).causes[0]?.cause, 'legacy-headers');
    for (const r of [ok, changed, legacy])
      assert.ok(!`${r.stdout}${r.stderr}`.includes(token) && !`${r.stdout}${r.stderr}`.includes(secret));
  });
  it('usage and input errors exit 2', async () => {
    const base = ['webhook', 'verify', '--provider', 'gr4vy'];
    for (const [args, why] of [
      [base, /--secret-env VAR is required/],
      [[...base, '--secret-env', 'NOPE'], /NOPE is not set/],
      [['webhook', 'verify', '--provider', 'stripe', '--secret-env', 'OLD_SECRET'], /helcim or gr4vy/],
      [[...base, '--secret-env', 'OLD_SECRET', '--tolerance-s', '-1'], /--tolerance-s/],
      [
        [...base, '--secret-env', 'OLD_SECRET', '--secret-env', 'OLD_SECRET', '--secret-env', 'OLD_SECRET'],
        /at most two/,
      ],
      [[...base, '--secret-env', 'OLD_SECRET', '--request', 'missing.txt'], /Cannot read the request missing\.txt/],
      [[...base, '--secret', 'x'], /Unknown option/],
    ] as const) {
      const r = await cli([...args], { env, stdin: 'not a request' });
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, why);
    }
    const garbled = await cli([...base, '--secret-env', 'OLD_SECRET'], { env, stdin: '{"only":"a body"}' });
    assert.equal(garbled.code, 2);
    assert.match(garbled.stderr, /The request cannot be read/);
  });
});

describe('payapi webhook send', () => {
  /** A handler that verifies as the official libraries do: standardwebhooks for Helcim, the Gr4vy SDK for Gr4vy. */
  const handler = (seen: string[]) => (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = req.headers as Record<string, string>;
      try {
        if (h['webhook-signature']) new Webhook(token).verify(body, h);
        else sdkVerifyWebhook(body, secret, h['x-gr4vy-webhook-signatures'], h['x-gr4vy-webhook-timestamp'], 300);
        seen.push(body);
        res.writeHead(204).end();
      } catch (e) {
        res.writeHead(401).end(`rejected: ${(e as Error).message}`);
      }
    });
  };

  it('signs like the provider: the official verifiers accept it (exit 0); a refusal is exit 1', async () => {
    const seen: string[] = [];
    const s = await startServer(handler(seen));
    try {
      const h = await cli(
        ['webhook', 'send', '--provider', 'helcim', '--secret-env', 'HELCIM_WEBHOOK_TOKEN', '--to', `${s.url}/hooks`],
        { env },
      );
      assert.equal(h.code, 0, h.stdout);
      assert.match(h.stdout, /^delivered: HTTP 204 in \d+ ms \(id msg_[0-9a-f]{32}\)/);
      assert.equal((JSON.parse(seen[0] ?? '{}') as { type?: string }).type, 'cardTransaction');
      const g = await cli(
        [
          'webhook',
          'send',
          '--provider',
          'gr4vy',
          '--secret-env',
          'GR4VY_WEBHOOK_SECRET',
          '--secret-env',
          'OLD_SECRET',
          '--to',
          s.url,
        ],
        { env },
      );
      assert.equal(g.code, 0, g.stdout);
      assert.equal((JSON.parse(seen[1] ?? '{}') as { name?: string }).name, 'transaction.captured');
      const wrong = await cli(
        ['webhook', 'send', '--provider', 'gr4vy', '--secret-env', 'OLD_SECRET', '--to', s.url, '--event', 'e.json'],
        {
          env,
          files: { 'e.json': '{"type":"event","name":"x"}' },
        },
      );
      assert.equal(wrong.code, 1);
      assert.match(wrong.stdout, /refused: HTTP 401[\s\S]*rejected: No matching signature found/);
    } finally {
      await s.close();
    }
  });
  it('refuses a handler that is not on this machine; a refused connection is an I/O error (exit 2)', async () => {
    const far = await cli(
      ['webhook', 'send', '--provider', 'gr4vy', '--secret-env', 'OLD_SECRET', '--to', 'https://example.com/hooks'],
      { env },
    );
    assert.equal(far.code, 2);
    assert.match(far.stderr, /must be on this machine/);
    const closed = await cli(
      ['webhook', 'send', '--provider', 'gr4vy', '--secret-env', 'OLD_SECRET', '--to', 'http://127.0.0.1:9/'],
      { env },
    );
    assert.equal(closed.code, 2);
  });
});

describe('payapi helcimpay verify', () => {
  it('verifies with the PHP encoding, exit 1 on a wrong secretToken', async () => {
    const secretToken = randomBytes(16).toString('hex');
    const data = { transactionId: '1', invoiceNumber: 'INV/1', cardHolderName: 'José' };
    const php = '{"transactionId":"1","invoiceNumber":"INV\\/1","cardHolderName":"Jos\\u00e9"}';
    const hash = createHash('sha256')
      .update(php + secretToken)
      .digest('hex');
    const response = JSON.stringify({ data, hash });
    const ok = await cli(['helcimpay', 'verify', '--secret-token-env', 'T'], {
      env: { T: secretToken },
      stdin: response,
    });
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /verified: the hash matches PHP json_encode/);
    const bad = await cli(['helcimpay', 'verify', '--secret-token-env', 'T', '--response', 'r.json'], {
      env: { T: randomBytes(16).toString('hex') },
      files: { 'r.json': response },
    });
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /cause hash-mismatch/);
    assert.equal((await cli(['helcimpay', 'verify'], { env: {} })).code, 2);
  });
});

describe('payapi webhook verify names each cause on crafted requests', () => {
  for (const c of webhookCases()) {
    it(c.name, async () => {
      const env = Object.fromEntries(c.secrets.map((s, i) => [`S${i}`, s]));
      const args = [
        'webhook',
        'verify',
        '--provider',
        c.provider,
        ...c.secrets.flatMap((_s, i) => ['--secret-env', `S${i}`]),
      ];
      const r = await cli([...args, '--format', 'json'], { env, stdin: c.raw });
      const out = JSON.parse(r.stdout) as { ok: boolean; causes: { cause: string }[] };
      assert.equal(r.code, c.cause ? 1 : 0, r.stdout);
      assert.equal(out.causes[0]?.cause, c.cause);
      for (const s of c.secrets) assert.ok(!r.stdout.includes(s) && !r.stderr.includes(s));
    });
  }
});
