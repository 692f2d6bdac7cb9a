import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { readDemo } from '../../src/core/demo/demoFile';
import { readGr4vyKey } from '../../src/core/providers/gr4vy/key';
import { signGr4vyToken } from '../../src/core/providers/gr4vy/token';
import { verifyGr4vyWebhook } from '../../src/core/providers/gr4vy/webhook';
import { verifyHelcimWebhook } from '../../src/core/providers/helcim/webhook';
import type { RawRequest } from '../../src/core/webhooks/rawRequest';
import { DEMO_ENV, type DemoRun, type Listening, listenOnLoopback, startDemo } from '../standIns/demo';
import { HELCIM_TEST_VISA } from '../standIns/helcim';
import { NO_POSIX_MODES } from './platform';

interface Captured {
  headers: IncomingMessage['headers'];
  body: string;
}

/** The merchant's webhook endpoint: keeps what arrives. */
async function webhookSink(port: number) {
  const got: Captured[] = [];
  const server = await listenOnLoopback((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.end('ok');
    });
  }, port);
  return { got, server };
}

const raw = (c: Captured): RawRequest => ({
  headers: new Map(Object.entries(c.headers).map(([k, v]) => [k, [String(v)]])),
  body: c.body,
});

async function until<T>(check: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = check();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${what}`);
}

describe('npm start’s stand-ins, as the providers document them', () => {
  let run: DemoRun;
  let sink: { got: Captured[]; server: Listening };
  let demo: ReturnType<typeof readDemo>;
  before(async () => {
    run = await startDemo({ open: ['requests.http'] });
    sink = await webhookSink(run.receiverPort);
    demo = readDemo({ mode: 'development', env: { [DEMO_ENV]: run.secretsFile }, workspaceFolders: [] });
  });
  after(async () => {
    await run?.stop();
    await sink?.server.close();
  });
  const secrets = () => {
    assert.equal(demo.kind, 'on', JSON.stringify(demo));
    if (demo.kind !== 'on') throw new Error('no demo');
    return demo.demo;
  };

  it('the demo file is 0600 in a 0700 folder', { skip: NO_POSIX_MODES }, () => {
    assert.equal(fs.statSync(run.secretsFile).mode & 0o777, 0o600);
    assert.equal(fs.statSync(path.dirname(run.secretsFile)).mode & 0o777, 0o700);
  });

  it('the extension’s reader accepts the demo file, and the settings hold no secret', () => {
    const s = secrets();
    assert.equal(s.runId, run.runId);
    assert.deepEqual(s.open, ['requests.http']);
    const settings = JSON.stringify(run.settings);
    assert.match(settings, /"paymentApi\.helcim\.baseUrl":"http:\/\/127\.0\.0\.1:\d+"/);
    for (const v of [s.helcim.token, s.helcim.webhookSecret, s.gr4vy.webhookSecret]) assert.ok(!settings.includes(v));
  });

  it('Helcim: 401 without a token, 403 with a wrong one, 200 with the demo token', async () => {
    const url = `${run.helcimUrl}/v2/connection-test`;
    assert.equal((await fetch(url)).status, 401);
    assert.equal((await fetch(url, { headers: { 'api-token': 'wrong-token-of-twenty-chars' } })).status, 403);
    const ok = await fetch(url, { headers: { 'api-token': secrets().helcim.token } });
    assert.equal(ok.status, 200);
  });

  it('Helcim: a purchase is a card transaction, and its signed webhook verifies with the verifier token', async () => {
    const headers = { 'api-token': secrets().helcim.token, 'content-type': 'application/json' };
    const body = JSON.stringify({ amount: 10.5, currency: 'CAD', cardData: { cardNumber: HELCIM_TEST_VISA } });
    const res = await fetch(`${run.helcimUrl}/v2/payment/purchase`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': 'a'.repeat(25) },
      body,
    });
    assert.equal(res.status, 200);
    const t = (await res.json()) as { transactionId: number; status: string };
    assert.equal(t.status, 'APPROVED');
    const list = (await (await fetch(`${run.helcimUrl}/v2/card-transactions`, { headers })).json()) as unknown[];
    assert.equal(list.length, 1);
    assert.equal((await fetch(`${run.helcimUrl}/v2/card-transactions/${t.transactionId}`, { headers })).status, 200);
    assert.equal((await fetch(`${run.helcimUrl}/v2/card-transactions/1`, { headers })).status, 404);
    const hook = await until(() => sink.got.find((g) => g.headers['webhook-id']), 'Helcim webhook');
    assert.deepEqual(JSON.parse(hook.body), { id: String(t.transactionId), type: 'cardTransaction' });
    const verdict = verifyHelcimWebhook(raw(hook), secrets().helcim.webhookSecret);
    assert.ok(verdict.ok, verdict.summary);
    assert.ok(!verifyHelcimWebhook(raw(hook), Buffer.from('another-verifier-token').toString('base64')).ok);
  });

  it('Helcim: HelcimPay.js initialize answers a checkoutToken and secretToken; missing fields are 400', async () => {
    const headers = { 'api-token': secrets().helcim.token, 'content-type': 'application/json' };
    const init = (b: unknown) =>
      fetch(`${run.helcimUrl}/v2/helcim-pay/initialize`, { method: 'POST', headers, body: JSON.stringify(b) });
    const ok = await init({ paymentType: 'purchase', amount: 25, currency: 'CAD' });
    assert.equal(ok.status, 200);
    assert.deepEqual(Object.keys((await ok.json()) as object).sort(), ['checkoutToken', 'secretToken']);
    assert.equal((await init({ amount: 25 })).status, 400);
  });

  it('Gr4vy: the run’s key authenticates; a transaction is created, listed, read, and its webhook verifies', async () => {
    const key = await readGr4vyKey(secrets().gr4vy.privateKey);
    const bearer = async (scopes: string[]) => ({
      authorization: `bearer ${await signGr4vyToken(key, { scopes })}`,
      'content-type': 'application/json',
    });
    assert.equal((await fetch(`${run.gr4vyUrl}/buyers?limit=1`)).status, 401);
    assert.equal((await fetch(`${run.gr4vyUrl}/buyers?limit=1`, { headers: await bearer(['*.read']) })).status, 200);
    const bad = await fetch(`${run.gr4vyUrl}/transactions`, {
      method: 'POST',
      headers: await bearer(['transactions.write']),
      body: JSON.stringify({ amount: 12.5 }),
    });
    assert.equal(bad.status, 400);
    const details = ((await bad.json()) as { details: { pointer: string }[] }).details.map((d) => d.pointer);
    assert.deepEqual(details, ['/amount', '/currency', '/payment_method']);
    const created = await fetch(`${run.gr4vyUrl}/transactions`, {
      method: 'POST',
      headers: await bearer(['transactions.write']),
      body: JSON.stringify({ amount: 1299, currency: 'USD', payment_method: { method: 'card' } }),
    });
    assert.equal(created.status, 201);
    const t = (await created.json()) as { id: string; status: string };
    assert.equal(t.status, 'capture_succeeded');
    const listed = await fetch(`${run.gr4vyUrl}/transactions?limit=5`, {
      headers: await bearer(['transactions.read']),
    });
    assert.deepEqual(
      ((await listed.json()) as { items: { id: string }[] }).items.map((i) => i.id),
      [t.id],
    );
    const one = await fetch(`${run.gr4vyUrl}/transactions/${t.id}`, { headers: await bearer(['transactions.read']) });
    assert.equal(one.status, 200);
    const hook = await until(() => sink.got.find((g) => g.headers['x-gr4vy-webhook-signatures']), 'Gr4vy webhook');
    assert.equal((JSON.parse(hook.body) as { target: { id: string } }).target.id, t.id);
    const verdict = verifyGr4vyWebhook(raw(hook), [secrets().gr4vy.webhookSecret]);
    assert.ok(verdict.ok, verdict.summary);
    const session = await fetch(`${run.gr4vyUrl}/checkout/sessions`, {
      method: 'POST',
      headers: await bearer(['checkout-sessions.write']),
      body: '{}',
    });
    assert.equal(session.status, 201);
  });

  it('stop() closes both ports and removes the demo file with its folder', async () => {
    const other = await startDemo();
    const folder = path.dirname(other.secretsFile);
    await other.stop();
    assert.ok(!fs.existsSync(folder));
    await assert.rejects(fetch(`${other.helcimUrl}/v2/connection-test`));
    await assert.rejects(fetch(`${other.gr4vyUrl}/buyers`));
  });
});
