import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { type IncomingHttpHeaders, type Server, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { signDelivery } from '../../src/core/webhooks/events';
import { gr4vySignature, verifyGr4vyWebhook } from '../../src/core/providers/gr4vy/webhook';
import type { TestApi } from '../../src/extension';
import { Commands } from '../../src/ids';
import { helcimToken, p521Key } from '../unit/fixtures';
import { webhookCases } from '../unit/webhookCases';
import { OfferRecordingPrompts, activateExtension } from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

/** A POST from this process to the receiver, like a sender's (no Origin, no Sec-Fetch-Site). */
function postTo(url: string, body: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What the core verifier says of a request the handler got, with the account's secrets. */
function verifiesAtHandler(got: { headers: IncomingHttpHeaders; body: string }, secrets: string[]): boolean {
  const headers = new Map<string, string[]>();
  for (const [k, v] of Object.entries(got.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v : [v]);
  return verifyGr4vyWebhook({ headers, body: got.body }, secrets).ok;
}

describe('webhooks in a real VS Code: secrets, the receiver fed by payapi webhook send, the inspector', function () {
  this.timeout(60_000);
  let api: TestApi;
  const verifier = randomBytes(24).toString('base64');
  const gr4vyOld = randomBytes(18).toString('hex');
  const gr4vyNew = randomBytes(18).toString('hex');
  const ids: Record<string, string> = {};
  let handler: Server;
  const handled: { headers: IncomingHttpHeaders; body: string }[] = [];
  const node = path.basename(process.execPath).startsWith('node') ? process.execPath : 'node';
  /** Runs the CLI as its own process, without blocking this one (the receiver answers from here). */
  const payapi = (args: string[], env: Record<string, string>) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        node,
        [path.join(api.context.extensionUri.fsPath, 'dist', 'cli.js'), ...args],
        { env: { ...process.env, ...env }, timeout: 20_000 },
        (err, stdout, stderr) =>
          resolve({ status: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
      );
    });

  before(async () => {
    api = await activateExtension();
    ids.helcim = (
      await api.accounts.add({
        provider: 'helcim',
        label: 'Hook Shop',
        environment: 'sandbox',
        scope: 'global',
        secret: helcimToken(),
      })
    ).account.id;
    ids.gr4vy = (
      await api.accounts.add({
        provider: 'gr4vy',
        label: 'Hook Acme',
        environment: 'sandbox',
        scope: 'global',
        secret: p521Key().pkcs8,
        instanceId: 'acme',
        scopes: ['*.read'],
      })
    ).account.id;
    handler = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        handled.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => handler.listen(0, '127.0.0.1', r));
  });
  after(async () => {
    await vscode.commands.executeCommand(Commands.stopWebhookReceiver);
    handler.close();
    for (const id of Object.values(ids)) await api.accounts.remove(id).catch(() => undefined);
    api.setPrompts(undefined);
  });

  it('sets a Helcim verifier token (validated) and rotates a Gr4vy secret, in secret storage only', async () => {
    const p = new ScriptedPrompts([{ invalid: 'not base64 at all!' }]);
    api.setPrompts(p);
    await vscode.commands.executeCommand(Commands.setWebhookSecret, ids.helcim);
    assert.match(p.validationMessages[0] ?? '', /contains a space|not base64/);
    api.setPrompts(new ScriptedPrompts([verifier]));
    assert.equal(await vscode.commands.executeCommand(Commands.setWebhookSecret, ids.helcim), 1);
    api.setPrompts(new ScriptedPrompts([gr4vyOld]));
    await vscode.commands.executeCommand(Commands.setWebhookSecret, ids.gr4vy);
    api.setPrompts(new ScriptedPrompts([gr4vyNew, true]));
    assert.equal(await vscode.commands.executeCommand(Commands.setWebhookSecret, ids.gr4vy), 2);
    assert.deepEqual(await api.accounts.readWebhookSecrets(ids.gr4vy ?? ''), [gr4vyNew, gr4vyOld]);
    // The tree shows the rotation (never the values).
    const tree = api.accountsFeature.tree;
    const groups = await tree.getChildren();
    const nodes = (await Promise.all(groups.map((g) => tree.getChildren(g)))).flat();
    const acme = nodes.map((n) => tree.getTreeItem(n)).find((i) => i.label === 'Hook Acme');
    const tip = (acme?.tooltip as vscode.MarkdownString | undefined)?.value ?? '';
    assert.match(tip, /Webhook secret stored \(and the previous one: a rotation\)/);
    for (const v of [gr4vyOld, gr4vyNew]) assert.ok(!tip.includes(v) && !String(acme?.description).includes(v));
    const state = JSON.stringify(api.context.globalState.keys().map((k) => api.context.globalState.get(k)));
    for (const s of [verifier, gr4vyOld, gr4vyNew]) assert.ok(!state.includes(s));
  });

  it('the receiver verifies what payapi webhook send delivers, and names the cause of a bad one', async () => {
    const url = await vscode.commands.executeCommand<string>(Commands.startWebhookReceiver, { accountId: ids.helcim });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    const ok = await payapi(['webhook', 'send', '--provider', 'helcim', '--secret-env', 'T', '--to', url], {
      T: verifier,
    });
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    const bad = await payapi(['webhook', 'send', '--provider', 'helcim', '--secret-env', 'T', '--to', url], {
      T: randomBytes(24).toString('base64'),
    });
    assert.equal(bad.status, 1, bad.stdout);
    const list = api.webhooks.receiver()?.deliveries() ?? [];
    assert.equal(list.length, 2);
    assert.equal(list[1]?.verdict.ok, true, list[1]?.verdict.summary);
    assert.deepEqual(
      list[0]?.verdict.causes.map((c) => c.cause),
      ['signature-mismatch'],
    );
    const items = api.webhooks.tree.getChildren().map((d) => api.webhooks.tree.getTreeItem(d));
    assert.match(String(items[1]?.description), /^verified/);
    assert.ok(!JSON.stringify(list).includes(verifier), 'no secret in the deliveries');
  });

  it('forwards to the handler, sends a signed test event, replays re-signed, and stopping closes the port', async () => {
    const { port } = handler.address() as AddressInfo;
    const url = await vscode.commands.executeCommand<string>(Commands.startWebhookReceiver, {
      accountId: ids.gr4vy,
      forwardTo: `http://127.0.0.1:${port}/hooks`,
    });
    const sent = await vscode.commands.executeCommand<{ status: number }>(Commands.sendTestWebhook, {
      accountId: ids.gr4vy,
    });
    assert.equal(sent.status, 204);
    const first = handled.at(-1);
    assert.ok(first);
    const ts = String(first.headers['x-gr4vy-webhook-timestamp']);
    const sigs = String(first.headers['x-gr4vy-webhook-signatures']).split(',');
    assert.ok(
      sigs.includes(createHmac('sha256', gr4vyOld).update(`${ts}.${first.body}`).digest('hex')),
      'signed with both secrets',
    );
    const [d] = api.webhooks.receiver()?.deliveries() ?? [];
    assert.ok(d?.verdict.ok && d.forwarded && 'status' in d.forwarded && d.forwarded.status === 204);
    api.setPrompts(new ScriptedPrompts([true]));
    const replay = await vscode.commands.executeCommand<{ status: number }>(Commands.replayDelivery, d.seq);
    assert.equal(replay.status, 204);
    assert.equal(handled.at(-1)?.body, first.body);
    await vscode.commands.executeCommand(Commands.stopWebhookReceiver);
    const after = await payapi(['webhook', 'send', '--provider', 'gr4vy', '--secret-env', 'T', '--to', url], {
      T: gr4vyNew,
    });
    assert.equal(after.status, 2, 'nothing listens any more');
  });

  it('the Webhook Inspector verifies in the host: a changed body is named, and no secret reaches the page', async () => {
    await vscode.commands.executeCommand(Commands.openWebhookInspector);
    const body = '{"id":"25764674","type":"cardTransaction"}';
    const ts = Math.floor(Date.now() / 1000);
    const sig = createHmac('sha256', Buffer.from(verifier, 'base64')).update(`msg_9.${ts}.${body}`).digest('base64');
    const raw = `webhook-id: msg_9\nwebhook-timestamp: ${ts}\nwebhook-signature: v1,${sig}\n\n${JSON.stringify(JSON.parse(body), null, 2)}`;
    const reply = await api.webhooks.panel.controller.handle({
      type: 'verify',
      requestId: 1,
      kind: 'webhook',
      accountId: ids.helcim ?? '',
      text: raw,
      toleranceS: 300,
    });
    assert.equal(reply?.type, 'verdict');
    assert.deepEqual(reply?.type === 'verdict' ? reply.verdict.causes.map((c) => c.cause) : [], ['body-changed']);
    const posted = JSON.stringify(api.webhooks.panel.posted);
    for (const s of [verifier, gr4vyOld, gr4vyNew]) assert.ok(!posted.includes(s));
    // Nor the log: every file of the extension's log folder.
    const logs = api.context.logUri.fsPath;
    const files = fs.existsSync(logs) ? fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }) : [];
    let read = 0;
    for (const f of files) {
      const full = path.join(logs, f);
      if (!fs.statSync(full).isFile()) continue;
      read++;
      const text = fs.readFileSync(full, 'utf8');
      for (const v of [verifier, gr4vyOld, gr4vyNew]) assert.ok(!text.includes(v), `${f} holds a webhook secret`);
    }
    assert.ok(read > 0, 'the log was searched');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the Webhook Inspector names each cause on the crafted requests (with the account holding the secrets)', async () => {
    const cases = webhookCases().filter((c) => c.storable !== false);
    assert.ok(cases.length >= 20);
    for (const c of cases) {
      const accountId = (c.provider === 'helcim' ? ids.helcim : ids.gr4vy) ?? '';
      await api.accounts.setWebhookSecrets(accountId, c.secrets);
      const reply = await api.webhooks.panel.controller.handle({
        type: 'verify',
        requestId: 2,
        kind: 'webhook',
        accountId,
        text: c.raw,
        toleranceS: 300,
      });
      assert.equal(reply?.type, 'verdict', `${c.name}: ${JSON.stringify(reply)}`);
      if (reply?.type !== 'verdict') continue;
      assert.equal(reply.verdict.ok, c.cause === undefined, `${c.name}: ${reply.verdict.summary}`);
      assert.equal(reply.verdict.causes[0]?.cause, c.cause, c.name);
      for (const secret of c.secrets) assert.ok(!JSON.stringify(reply).includes(secret), c.name);
    }
  });

  it('replay never re-signs a delivery that did not verify (only as it came, after a warning); a verified one still is', async () => {
    const secret = randomBytes(18).toString('hex');
    await api.accounts.setWebhookSecrets(ids.gr4vy ?? '', [secret]);
    const { port } = handler.address() as AddressInfo;
    const url = await vscode.commands.executeCommand<string>(Commands.startWebhookReceiver, {
      accountId: ids.gr4vy,
      forwardTo: `http://127.0.0.1:${port}/hooks`,
    });
    const receiver = api.webhooks.receiver();
    assert.ok(receiver);

    // A forged delivery: its signature made with a key that is not the account's secret.
    const forgedBody = JSON.stringify({
      type: 'event',
      target: { type: 'transaction', id: randomBytes(8).toString('hex'), status: 'capture_succeeded' },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const forgedSig = gr4vySignature(randomBytes(18).toString('hex'), ts, forgedBody);
    const status = await postTo(url, forgedBody, {
      'content-type': 'application/json',
      'x-gr4vy-webhook-id': randomBytes(8).toString('hex'),
      'x-gr4vy-webhook-timestamp': ts,
      'x-gr4vy-webhook-signatures': forgedSig,
    });
    assert.equal(status, 204, 'taken and forwarded as it came');
    const forged = receiver.deliveries()[0];
    assert.ok(forged && !forged.verdict.ok, forged?.verdict.summary);

    const p = new OfferRecordingPrompts([true]);
    api.setPrompts(p);
    const sentBefore = handled.length;
    const replay = await vscode.commands.executeCommand<{ status: number } | undefined>(
      Commands.replayDelivery,
      forged.seq,
    );
    assert.equal(replay?.status, 204);
    assert.deepEqual(p.offered, [], 'no choice offered, so "Re-signed now" is not among them');
    assert.equal(p.asked.length, 1);
    assert.match(p.asked[0] ?? '', new RegExp(`^confirm: Delivery ${forged.seq} did not verify`));
    assert.equal(handled.length, sentBefore + 1);
    const got = handled.at(-1);
    assert.ok(got);
    assert.equal(got.body, forgedBody);
    assert.equal(got.headers['x-gr4vy-webhook-signatures'], forgedSig, 'its own (forged) signature, as it came');
    assert.ok(!verifiesAtHandler(got, [secret]), 'the handler got no signature made with the secret');
    // The receiver itself refuses too.
    await assert.rejects(receiver.replay(forged.seq, true), { code: 'ERR_UNSUPPORTED' });
    assert.equal(handled.length, sentBefore + 1);

    // A verified delivery, two minutes old: re-signing gives it a fresh timestamp and a valid signature.
    const signed = signDelivery('gr4vy', [secret], JSON.stringify({ type: 'event', target: { type: 'buyer' } }), {
      nowMs: Date.now() - 120_000,
    });
    assert.equal(await postTo(url, signed.body, signed.headers), 204);
    const genuine = receiver.deliveries()[0];
    assert.ok(genuine && genuine.seq !== forged.seq && genuine.verdict.ok, genuine?.verdict.summary);
    const q = new OfferRecordingPrompts(['Re-signed now']);
    api.setPrompts(q);
    const again = await vscode.commands.executeCommand<{ status: number } | undefined>(
      Commands.replayDelivery,
      genuine.seq,
    );
    assert.equal(again?.status, 204);
    assert.deepEqual(q.offered, [['Re-signed now', 'As it came']]);
    const resent = handled.at(-1);
    assert.ok(resent && resent !== got);
    assert.equal(resent.body, signed.body);
    assert.ok(
      Number(resent.headers['x-gr4vy-webhook-timestamp']) > Number(signed.headers['x-gr4vy-webhook-timestamp']),
      'a fresh timestamp',
    );
    assert.ok(verifiesAtHandler(resent, [secret]), 're-signed with the secret');
    await vscode.commands.executeCommand(Commands.stopWebhookReceiver);
  });

  it('a HelcimPay.js response: the secretToken is asked in a password box, used once, and never posted', async () => {
    const secretToken = randomBytes(16).toString('hex');
    const data = { transactionId: '20163175', invoiceNumber: 'INV/7', cardHolderName: 'Zoë' };
    const php = '{"transactionId":"20163175","invoiceNumber":"INV\\/7","cardHolderName":"Zo\\u00eb"}';
    const hash = createHash('sha256')
      .update(php + secretToken)
      .digest('hex');
    const verify = (answer: string | undefined) => {
      api.setPrompts(new ScriptedPrompts([answer]));
      return api.webhooks.panel.controller.handle({
        type: 'verify',
        requestId: 3,
        kind: 'helcimpay',
        accountId: '',
        text: JSON.stringify({ data, hash }),
        toleranceS: 300,
      });
    };
    const ok = await verify(secretToken);
    assert.equal(ok?.type === 'verdict' && ok.verdict.matched, "PHP json_encode (Helcim's encoding)");
    const cancelled = await verify(undefined);
    assert.equal(cancelled?.type, 'error');
    assert.ok(!JSON.stringify([ok, cancelled]).includes(secretToken));
  });
});
