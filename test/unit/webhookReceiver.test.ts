import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { describe, it } from 'node:test';
import { deliver } from '../../src/core/webhooks/deliver';
import { sampleHelcimEvent } from '../../src/core/providers/helcim/webhook';
import { signDelivery } from '../../src/core/webhooks/events';
import { WebhookReceiver } from '../../src/core/webhooks/receiver';
import { redactBody } from '../../src/core/webhooks/redactDelivery';
import { startServer } from './fixtures';
import { secrets } from './secretFixtures';

const S = secrets();

describe('what the receiver shows of a body', () => {
  it('masks scanner findings, known secrets and values named like credentials; counts them', () => {
    const body = JSON.stringify({
      type: 'connectedAccount',
      connectedAccountId: '3128',
      apiToken: S.helcim,
      note: `key ${S.stripeLive}`,
      nested: { client_secret: 'plain-words-but-secret-9', password: 'hunter2hunter2', amount: 12 },
      cardToken: 'short',
    });
    const r = redactBody(body, []);
    for (const v of [S.helcim, S.stripeLive, 'plain-words-but-secret-9', 'hunter2hunter2'])
      assert.ok(!r.text.includes(v), v);
    assert.equal(r.count, 4);
    assert.match(r.text, /"cardToken":"short"/);
    assert.match(r.text, /"amount":12/);
  });
});

describe('local webhook receiver', () => {
  it('verifies each delivery, masks secrets in what it keeps, forwards, replays, and closes its port', async () => {
    const token = randomBytes(24).toString('base64');
    const got: { headers: Record<string, unknown>; body: string }[] = [];
    const handler = await startServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        got.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(204).end();
      });
    });
    const receiver = new WebhookReceiver({
      provider: 'helcim',
      secrets: async () => [token],
      knownSecrets: () => [S.helcim],
      forwardTo: `${handler.url}/hooks`,
    });
    const url = await receiver.start();
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    try {
      const body = JSON.stringify({
        id: '1',
        type: 'connectedAccount',
        apiToken: S.helcim,
        note: `key ${S.stripeLive}`,
      });
      const r = await deliver(`${url}hooks?key=${S.stripeLive}`, signDelivery('helcim', [token], body));
      assert.equal(r.status, 204, 'the handler’s answer goes back to the sender');
      const bad = await deliver(url, signDelivery('helcim', [randomBytes(24).toString('base64')], sampleHelcimEvent()));
      assert.equal(bad.status, 204, 'forwarded anyway: the handler judges');
      const [second, first] = receiver.deliveries();
      assert.equal(first?.verdict.ok, true, first?.verdict.summary);
      assert.equal(first?.event, 'connectedAccount');
      assert.match(first?.path ?? '', /^\/hooks\?key=••••••••/, 'a secret in the query string is masked too');
      assert.equal(first?.redactions, 2);
      assert.ok(first && !first.body.includes(S.helcim) && !first.body.includes(S.stripeLive));
      assert.deepEqual(
        second?.verdict.causes.map((c) => c.cause),
        ['signature-mismatch'],
      );
      assert.deepEqual(first?.forwarded && 'status' in first.forwarded ? first.forwarded.status : 0, 204);
      assert.equal(got[0]?.body, body, 'the handler gets the body as it came');
      assert.equal(
        got[0]?.headers['webhook-signature'],
        signDelivery('helcim', [token], body, {
          id: String(got[0]?.headers['webhook-id']),
          nowMs: Number(got[0]?.headers['webhook-timestamp']) * 1000,
        }).headers['webhook-signature'],
      );
      const replay = await receiver.replay(first?.seq ?? 0, true);
      assert.equal(replay.status, 204);
      assert.notEqual(
        got[2]?.headers['webhook-id'],
        got[0]?.headers['webhook-id'],
        're-signed: a new id and timestamp',
      );
      assert.ok(!JSON.stringify(receiver.deliveries()).includes(S.helcim));
    } finally {
      await receiver.stop();
      await handler.close();
    }
    await assert.rejects(deliver(url, signDelivery('helcim', [token], '{}')), /refused|connect/i);
  });

  it('without a handler it answers 200 or 401 with the verdict; refuses bodies over 1 MB', async () => {
    const secret = randomBytes(18).toString('hex');
    const receiver = new WebhookReceiver({ provider: 'gr4vy', secrets: async () => [secret] });
    const url = await receiver.start();
    try {
      assert.equal((await deliver(url, signDelivery('gr4vy', [secret], '{"type":"event","name":"x"}'))).status, 200);
      const no = await deliver(url, signDelivery('gr4vy', ['0'.repeat(32)], '{"type":"event"}'));
      assert.equal(no.status, 401);
      assert.match(no.snippet, /"verified":false/);
      const status = await new Promise<number>((resolve, reject) => {
        const req = request(url, { method: 'POST' }, (res) => resolve(res.statusCode ?? 0));
        req.on('error', (e) =>
          String(e).includes('EPIPE') || String(e).includes('ECONNRESET') ? resolve(413) : reject(e),
        );
        req.end(Buffer.alloc(1024 * 1024 + 10, 'a'));
      });
      assert.equal(status, 413);
      const port = Number(new URL(url).port);
      const second = new WebhookReceiver({ provider: 'gr4vy', secrets: async () => [secret], port });
      await assert.rejects(second.start(), /Port \d+ on 127\.0\.0\.1 is already in use/);
      await assert.rejects(receiver.replay(1, false), /No handler URL is set/);
    } finally {
      await receiver.stop();
    }
  });
});
