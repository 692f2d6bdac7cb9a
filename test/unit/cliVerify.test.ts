import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cli } from './cliHarness';
import { type Started, gr4vyHandler, helcimHandler, p521Key, startServer } from './fixtures';
import { secrets } from './secretFixtures';

const S = secrets();

/** A Stripe stand-in: 200 for one key, 401 for others, 403 for a restricted key; counts calls. */
function stripeHandler(live: string, calls: string[]) {
  return (req: IncomingMessage, res: ServerResponse) => {
    calls.push(`${req.method} ${req.url}`);
    const auth = req.headers.authorization ?? '';
    res.setHeader('content-type', 'application/json');
    if (req.url !== '/v1/balance') return res.writeHead(404).end('{}');
    if (auth === `Bearer ${live}`) return res.writeHead(200).end('{"object":"balance"}');
    if (auth.startsWith('Bearer rk_')) return res.writeHead(403).end('{"error":{"message":"restricted"}}');
    // Echoes the key as Stripe does (masked there; in full here, to prove we mask it).
    res.writeHead(401).end(JSON.stringify({ error: { message: `Invalid API Key provided: ${auth.slice(7)}` } }));
  };
}

describe('payapi scan --verify ("is it live?") against local stand-ins', () => {
  let dir = '';
  let cwd = '';
  let stripe: Started;
  let silent: Started;
  let gr4vy: Started;
  const calls: string[] = [];
  const key = p521Key();
  const dead = secrets().stripeLive;

  before(async () => {
    cwd = process.cwd();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-verify-'));
    process.chdir(dir);
    execFileSync('git', ['init', '-q']);
    stripe = await startServer(stripeHandler(S.stripeLive, calls));
    silent = await startServer(() => undefined);
    gr4vy = await startServer(gr4vyHandler(key.publicKey));
  });
  after(async () => {
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
    await Promise.all([stripe.close(), silent.close(), gr4vy.close()]);
  });

  const base = (url: string) => ['--verify-base-url', `stripe=${url}`];

  it('live, rejected, timeout and unreachable each get their own message; nothing holds the secret', async () => {
    fs.writeFileSync('live.js', `const k = '${S.stripeLive}';\n`);
    fs.writeFileSync('dead.js', `const k = '${dead}';\n`);
    const r = await cli(['scan', '--verify', '--yes', '--format', 'json', ...base(stripe.url)]);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { findings: { path: string; live?: { verdict: string; message: string } }[] };
    const byPath = Object.fromEntries(out.findings.map((f) => [f.path, f.live]));
    assert.equal(byPath['live.js']?.verdict, 'live');
    assert.match(
      byPath['live.js']?.message ?? '',
      /^LIVE: Stripe accepted this secret on production\. Rotate it now\./,
    );
    assert.equal(byPath['dead.js']?.verdict, 'rejected');
    assert.match(byPath['dead.js']?.message ?? '', /^Rejected: Stripe refused this secret/);
    for (const text of [r.stdout, r.stderr]) {
      assert.ok(!text.includes(S.stripeLive) && !text.includes(dead), 'no secret in output, even when echoed back');
    }
    const timeout = await cli(['scan', 'live.js', '--verify', '--yes', '--timeout-ms', '300', ...base(silent.url)]);
    assert.match(timeout.stdout, /Unknown: no answer in time .*Nothing was learnt about the secret\./);
    const closed = silent.url.replace(/:\d+$/, ':9');
    const unreachable = await cli(['scan', 'live.js', '--verify', '--yes', ...base(closed)]);
    assert.match(unreachable.stdout, /Unknown: Stripe could not be reached \(.*\)\. Nothing was learnt/);
    fs.rmSync('dead.js');
  });

  it('nothing is called without the go: no terminal and no --yes is a usage error; "no" skips the call', async () => {
    const before = calls.length;
    const none = await cli(['scan', '--verify', ...base(stripe.url)]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /add --yes/);
    const no = await cli(['scan', '--verify', ...base(stripe.url)], { answers: ['n'] });
    assert.equal(no.code, 1);
    assert.match(
      no.asked[0] ?? '',
      /Check whether the Stripe secret ••••••••.{4} at live\.js:1 is live\? One read-only call: GET http:\/\/127\.0\.0\.1:\d+\/v1\/balance \[y\/N\]/,
    );
    assert.equal(calls.length, before, 'no request was made');
    const yes = await cli(['scan', '--verify', ...base(stripe.url)], { answers: ['y'] });
    assert.match(yes.stdout, /LIVE: Stripe/);
    assert.equal(calls.length, before + 1);
  });

  it('one call per distinct secret; a restricted key that may not read the balance is live', async () => {
    fs.writeFileSync('copy.js', `const k = '${S.stripeLive}';\n`);
    fs.writeFileSync('rk.js', `const k = '${S.stripeRestricted}';\n`);
    const before = calls.length;
    const r = await cli(['scan', '--verify', '--yes', '--format', 'json', ...base(stripe.url)]);
    assert.equal(calls.length, before + 2);
    const out = JSON.parse(r.stdout) as { findings: { path: string; live?: { verdict: string } }[] };
    assert.deepEqual(
      out.findings.map((f) => [f.path, f.live?.verdict]),
      [
        ['copy.js', 'live'],
        ['live.js', 'live'],
        ['rk.js', 'live'],
      ],
    );
    fs.rmSync('copy.js');
    fs.rmSync('rk.js');
  });

  it('a Gr4vy key is checked with GET /buyers?limit=1 once its instance is given, asked or skipped', async () => {
    fs.rmSync('live.js');
    fs.writeFileSync('gr4vy.pem', key.pkcs8);
    const gr = ['--verify-base-url', `gr4vy=${gr4vy.url}`];
    const skipped = await cli(['scan', '--verify', '--yes', ...gr]);
    assert.match(skipped.stderr, /gr4vy\.pem:1: not checked: a Gr4vy key needs --gr4vy-instance ID/);
    const flag = await cli(['scan', '--verify', '--yes', '--gr4vy-instance', 'acme', ...gr]);
    assert.match(flag.stdout, /LIVE: Gr4vy accepted this secret\. Rotate it now\./);
    const asked = await cli(['scan', '--verify', ...gr], { answers: ['acme', 'production', 'y'] });
    assert.match(asked.asked[0] ?? '', /looks like a Gr4vy key\. Its instance id/);
    assert.match(asked.asked[2] ?? '', /GET http:\/\/127\.0\.0\.1:\d+\/buyers\?limit=1/);
    assert.match(asked.stdout, /LIVE: Gr4vy accepted this secret on production/);
    const other = p521Key();
    fs.writeFileSync('gr4vy.pem', other.pkcs8);
    const rejected = await cli(['scan', '--verify', '--yes', '--gr4vy-instance', 'acme', ...gr]);
    assert.match(rejected.stdout, /Rejected: Gr4vy refused this secret/);
    fs.rmSync('gr4vy.pem');
  });

  it('a Helcim api-token is checked with GET /v2/connection-test: live, or rejected (HTTP 403)', async () => {
    const helcim = await startServer(helcimHandler(S.helcim));
    try {
      fs.writeFileSync('.env.example', `HELCIM_API_TOKEN=${S.helcim}\n`);
      const args = ['scan', '.env.example', '--verify', '--yes', '--verify-base-url', `helcim=${helcim.url}`];
      assert.match((await cli(args)).stdout, /LIVE: Helcim accepted this secret on production/);
      fs.writeFileSync('.env.example', `HELCIM_API_TOKEN=${secrets().helcim}\n`);
      assert.match((await cli(args)).stdout, /Rejected: Helcim refused this secret/);
    } finally {
      await helcim.close();
      fs.rmSync('.env.example');
    }
  });

  it('bad --verify options are usage errors', async () => {
    for (const args of [
      ['--verify', '--yes', '--verify-base-url', 'paypal=http://x'],
      ['--verify', '--yes', '--verify-base-url', 'stripe=not a url'],
      ['--verify', '--yes', '--gr4vy-environment', 'live'],
      ['--yes'],
    ]) {
      assert.equal((await cli(['scan', ...args])).code, 2, args.join(' '));
    }
  });
});
