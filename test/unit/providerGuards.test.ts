// Guards for the provider registry: every provider's base-URL setting is restricted in untrusted
// workspaces, and a fake third provider, registered only here, passes through the webhook code
// (signing, verifying, the receiver, the Webhook Inspector, `payapi webhook`) without that code
// naming it.
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Account, ProviderId } from '../../src/core/providers/accountTypes';
import { HELCIM } from '../../src/core/providers/helcim/spec';
import { PROVIDERS, registerProvider } from '../../src/core/providers/registry';
import type { ProviderSpec } from '../../src/core/providers/types';
import type { WebhookSpec } from '../../src/core/providers/webhookSpec';
import { invalidInput } from '../../src/core/errors';
import type { Logger } from '../../src/core/logger';
import { deliver } from '../../src/core/webhooks/deliver';
import { signDelivery, toRawRequest, verifyReceived } from '../../src/core/webhooks/events';
import { WebhookInspectorController, webhookAccounts } from '../../src/core/webhooks/inspectorController';
import { parseRawRequest, header } from '../../src/core/webhooks/rawRequest';
import { WebhookReceiver } from '../../src/core/webhooks/receiver';
import { validateWebhookSecret } from '../../src/core/webhooks/secrets';
import type { WebhookVerdict } from '../../src/core/webhooks/verdict';
import { cli } from './cliHarness';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};

describe('provider guards', () => {
  it('every provider base-URL setting is ignored in untrusted workspaces (restrictedConfigurations)', () => {
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    assert.ok(PROVIDERS.length >= 2);
    for (const p of PROVIDERS) assert.ok(restricted.includes(p.baseUrlSetting), `${p.baseUrlSetting} not restricted`);
  });
});

/** Acme's own trivial scheme: hex HMAC-SHA256 of "timestamp:body", headers x-acme-*. */
const acmeSignature = (secret: string, ts: string, body: string) =>
  createHmac('sha256', secret).update(`${ts}:${body}`).digest('hex');

const ACME_WEBHOOKS: WebhookSpec = {
  webhookSecretNoun: 'signing key',
  where: 'Settings > Events',
  maxSecrets: 1,
  kind: 'acme-webhook',
  idHeader: 'x-acme-id',
  validateSecret: (v) => {
    if (!v.startsWith('ak_')) throw invalidInput('The signing key does not start with ak_');
    return v;
  },
  verify(req, secrets): WebhookVerdict {
    const ts = header(req, 'x-acme-timestamp') ?? '';
    const ok = secrets.some((s) => acmeSignature(s, ts, req.body) === header(req, 'x-acme-signature'));
    const causes = ok ? [] : [{ cause: 'signature-mismatch' as const, message: 'No match', advice: 'Check the key.' }];
    return { ok, kind: 'acme-webhook', summary: ok ? 'Verified: acme' : 'Not verified: acme', causes, checks: [] };
  },
  sign(secrets, body, opts = {}) {
    const ts = String(Math.floor((opts.nowMs ?? Date.now()) / 1000));
    const signature = acmeSignature(secrets[0] ?? '', ts, body);
    const headers = { 'x-acme-id': opts.id ?? 'evt_1', 'x-acme-timestamp': ts, 'x-acme-signature': signature };
    return { headers: { 'content-type': 'application/json', ...headers }, body };
  },
  sampleEvent: () => JSON.stringify({ type: 'payment.settled', id: 'evt_1' }),
};

// The account side is borrowed from Helcim: only the identity and the webhooks are Acme's own.
const ACME = {
  ...HELCIM,
  id: 'acme' as ProviderId,
  displayName: 'Acme Pay',
  baseUrlSetting: 'paymentApi.acme.baseUrl',
  webhooks: ACME_WEBHOOKS,
} as ProviderSpec;
const QUIET = { ...ACME, id: 'quiet' as ProviderId, displayName: 'Quiet Pay', webhooks: null } as ProviderSpec;

const account = {
  id: 'acme-1',
  provider: 'acme',
  label: 'Acme shop',
  scope: 'global',
  environment: 'sandbox',
  createdAt: '',
  webhookSecrets: 1,
} as unknown as Account;
const quietAccount = { ...account, id: 'quiet-1', provider: 'quiet' } as unknown as Account;

describe('a third provider passes through the webhook code', () => {
  const secret = `ak_${randomBytes(16).toString('hex')}`;
  const body = ACME_WEBHOOKS.sampleEvent();
  const removals: (() => void)[] = [];
  before(() => removals.push(registerProvider(ACME), registerProvider(QUIET)));
  after(() => removals.forEach((remove) => remove()));

  it('is signed and verified by its own spec, never as another provider', () => {
    const d = signDelivery('acme' as ProviderId, [secret], body);
    assert.ok(d.headers['x-acme-signature']);
    const v = verifyReceived('acme' as ProviderId, parseRawRequest(toRawRequest(d)), [secret]);
    assert.equal(v.ok, true, v.summary);
    assert.equal(v.kind, 'acme-webhook');
    const forged = verifyReceived('acme' as ProviderId, parseRawRequest(toRawRequest(d)), [`ak_${'0'.repeat(32)}`]);
    assert.equal(forged.ok, false);
    const none = verifyReceived('acme' as ProviderId, parseRawRequest(toRawRequest(d)), []);
    assert.deepEqual([none.ok, none.kind], [false, 'acme-webhook']);
  });

  it('validates its webhook secret in its own words', () => {
    assert.equal(validateWebhookSecret('acme' as ProviderId, ` "${secret}" `), secret);
    assert.throws(() => validateWebhookSecret('acme' as ProviderId, ''), /The signing key is empty/);
    assert.throws(() => validateWebhookSecret('acme' as ProviderId, 'x'.repeat(20)), /does not start with ak_/);
    assert.throws(() => validateWebhookSecret('quiet' as ProviderId, secret), /Quiet Pay sends no webhooks/);
  });

  it('the receiver dispatches its deliveries to its spec', async () => {
    const receiver = new WebhookReceiver({ provider: 'acme' as ProviderId, secrets: async () => [secret] });
    const url = await receiver.start();
    try {
      const r = await deliver(url, signDelivery('acme' as ProviderId, [secret], body));
      assert.ok(r.status >= 200 && r.status < 300, String(r.status));
      const got = receiver.deliveries();
      assert.equal(got.length, 1);
      assert.equal(got[0]?.verdict.ok, true, got[0]?.verdict.summary);
      assert.equal(got[0]?.verdict.kind, 'acme-webhook');
    } finally {
      await receiver.stop();
    }
  });

  it('the Webhook Inspector lists it by its display name and verifies with its spec', async () => {
    const log: Logger = { trace: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const controller = new WebhookInspectorController({
      accounts: {
        list: () => [account, quietAccount],
        get: (id) => [account, quietAccount].find((a) => a.id === id),
        readWebhookSecrets: async () => [secret],
      },
      askSecretToken: async () => undefined,
      log,
    });
    assert.deepEqual(
      webhookAccounts([account, quietAccount]).map((a) => [a.provider, a.providerName]),
      [['acme', 'Acme Pay']],
    );
    const text = toRawRequest(signDelivery('acme' as ProviderId, [secret], body));
    const answer = await controller.handle({
      type: 'verify',
      requestId: 1,
      kind: 'webhook',
      accountId: 'acme-1',
      text,
      toleranceS: 300,
    });
    assert.equal(answer?.type, 'verdict');
    assert.equal(answer?.type === 'verdict' && answer.verdict.ok, true);
    const quiet = await controller.handle({
      type: 'verify',
      requestId: 2,
      kind: 'webhook',
      accountId: 'quiet-1',
      text,
      toleranceS: 300,
    });
    assert.equal(quiet?.type, 'error');
  });

  it('payapi webhook takes it from the registry; a provider without webhooks is a usage error', async () => {
    const env = { ACME_KEY: secret };
    const stdin = toRawRequest(signDelivery('acme' as ProviderId, [secret], body));
    const ok = await cli(['webhook', 'verify', '--provider', 'acme', '--secret-env', 'ACME_KEY'], { env, stdin });
    assert.equal(ok.code, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /^verified: acme/);
    assert.ok(!ok.stdout.includes(secret));
    const quiet = await cli(['webhook', 'verify', '--provider', 'quiet', '--secret-env', 'ACME_KEY'], { env, stdin });
    assert.equal(quiet.code, 2);
    assert.match(quiet.stderr, /Quiet Pay sends no webhooks/);
    const unknown = await cli(['webhook', 'verify', '--provider', 'nope', '--secret-env', 'ACME_KEY'], { env, stdin });
    assert.match(unknown.stderr, /--provider must be helcim, gr4vy or acme/);
  });
});
