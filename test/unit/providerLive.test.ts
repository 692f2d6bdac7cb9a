// A fake provider, registered only here, passes through "Is it live?" and `payapi test` without
// that code naming it; Stripe, which has only a live check, is never offered as an account provider.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import type { AccountStore } from '../../src/core/accounts/store';
import type { ProviderId } from '../../src/core/providers/accountTypes';
import { HELCIM } from '../../src/core/providers/helcim/spec';
import { isCheckableRule, planLiveCheck } from '../../src/core/providers/liveness';
import { type ProviderAdvice, runConnectionTest } from '../../src/core/providers/outcome';
import { LIVE_ONLY_PROVIDERS, PROVIDERS, liveProviders, registerProvider } from '../../src/core/providers/registry';
import type { ConnectionRequest, ProviderSpec } from '../../src/core/providers/types';
import type { CliIo } from '../../src/cli/io';
import { verifySettingsOf } from '../../src/cli/scanVerify';
import { collectAccountDraft } from '../../src/features/accounts/addAccountFlow';
import type { Prompts } from '../../src/features/accounts/prompts';
import { cli } from './cliHarness';
import { type Started, startServer } from './fixtures';

// Built from parts so the repository holds nothing shaped like a credential.
const ZETA_KEY = ['zk', 'test', 'a1b2c3d4e5f6a7b8'].join('_');

const ZETA_ADVICE: ProviderAdvice = {
  name: 'Zeta Pay',
  errorText: () => undefined,
  unauthorized: { message: 'Zeta Pay refused the key', advice: 'Replace it.' },
  forbidden: { message: 'Zeta Pay knows the key but not for this', advice: '' },
  notFound: 'Nothing answered at /v1/ping: check the base URL.',
};

const zetaRequest = (key: string, baseUrl = 'https://api.zeta.invalid'): ConnectionRequest => ({
  url: `${baseUrl}/v1/ping`,
  headers: { accept: 'application/json', 'x-zeta-key': key },
});

// The account side is borrowed from Helcim: the identity, the live check and the CLI part are Zeta's own.
const ZETA = {
  ...HELCIM,
  id: 'zeta' as ProviderId,
  displayName: 'Zeta Pay',
  baseUrlSetting: 'paymentApi.zeta.baseUrl',
  webhooks: null,
  live: {
    ruleIds: ['zeta-key'],
    unauthorized: 'rejected',
    forbidden: 'live',
    plan: async (_ruleId, secret, where) => {
      const req = zetaRequest(secret, where.baseUrl);
      return {
        method: 'GET',
        url: req.url,
        production: false,
        run: (opts) => runConnectionTest(ZETA_ADVICE, req, [secret], opts),
      };
    },
  },
  cli: {
    usage: 'payapi test zeta [--base-url URL]\n      The key comes from ZETA_KEY.',
    options: { 'base-url': { type: 'string' }, 'timeout-ms': { type: 'string' } },
    test: async (values, input) => {
      const opts = input.requestOptions(values);
      return runConnectionTest(ZETA_ADVICE, zetaRequest(input.env.ZETA_KEY ?? '', opts.baseUrl), [], opts);
    },
  },
} as ProviderSpec;

describe('a fake provider through "Is it live?" and payapi test', () => {
  let server: Started;
  let status = 200;
  const seen: (string | undefined)[] = [];
  let unregister: () => void;

  before(async () => {
    server = await startServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(req.headers['x-zeta-key'] as string | undefined);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{}');
    });
    unregister = registerProvider(ZETA);
  });
  after(async () => {
    unregister();
    await server.close();
  });

  it('its rule is checkable and its live part plans and classifies the call', async () => {
    assert.ok(isCheckableRule('zeta-key'));
    const verdict = async (s: number) => {
      status = s;
      const plan = await planLiveCheck('zeta-key', ZETA_KEY, { baseUrls: { zeta: server.url } });
      assert.ok('run' in plan);
      assert.equal(plan.provider, 'Zeta Pay');
      assert.equal(plan.url, `${server.url}/v1/ping`);
      return plan.run({ timeoutMs: 2000 });
    };
    const live = await verdict(200);
    assert.equal(live.verdict, 'live');
    assert.match(live.message, /^LIVE: Zeta Pay accepted this secret\./);
    assert.equal(seen.at(-1), ZETA_KEY);
    assert.equal((await verdict(401)).verdict, 'rejected');
    // Its spec says a 403 is a recognised key: live.
    const recognised = await verdict(403);
    assert.equal(recognised.verdict, 'live');
    assert.match(recognised.message, /HTTP 403/);
    assert.equal((await verdict(500)).verdict, 'unknown');
    const none = await planLiveCheck('jwt', 'a.b.c');
    assert.ok('unsupported' in none);
    assert.match(none.unsupported, /only Helcim, Gr4vy, Zeta Pay and Stripe ones can/);
  });

  it('--verify-base-url takes its id from the registry', () => {
    const io: CliIo = {
      stdout: () => {},
      stderr: () => {},
      env: {},
      readStdin: async () => '',
      readFile: async () => '',
    };
    const s = verifySettingsOf({ yes: true, 'verify-base-url': [`zeta=${server.url}`] }, io);
    assert.equal(s.baseUrls.zeta, server.url);
  });

  it('payapi test zeta runs its own part; the usage and the provider list name it', async () => {
    status = 200;
    const ok = await cli(['test', 'zeta', '--base-url', server.url], { env: { ZETA_KEY } });
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^connected: /);
    assert.equal(seen.at(-1), ZETA_KEY);
    status = 401;
    const refused = await cli(['test', 'zeta', '--base-url', server.url], { env: { ZETA_KEY } });
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /not connected \(unauthorized\): Zeta Pay refused the key/);
    assert.match((await cli(['test', '--help'])).stdout, /payapi test zeta \[--base-url URL\]/);
    assert.match((await cli(['test', 'nope'])).stderr, /use helcim, gr4vy or zeta\./);
    const pasted = await cli(['test', 'zeta', ZETA_KEY], { env: { ZETA_KEY } });
    assert.equal(pasted.code, 2);
    assert.ok(!(pasted.stdout + pasted.stderr).includes(ZETA_KEY));
  });
});

describe('Stripe has only a live check', () => {
  it('is a live provider, never an account provider, and its base URL setting is restricted', async () => {
    const stripe = LIVE_ONLY_PROVIDERS.find((p) => p.id === 'stripe');
    assert.ok(stripe);
    assert.ok(liveProviders().some((p) => p.id === 'stripe'));
    assert.ok(!PROVIDERS.some((p) => (p.id as string) === 'stripe'));
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    };
    for (const p of liveProviders())
      assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(p.baseUrlSetting));

    let offered: string[] = [];
    const prompts = {
      pick: async (items: { label: string; value: unknown }[]) => {
        offered = items.map((i) => String(i.value));
        return undefined;
      },
    } as unknown as Prompts;
    assert.equal(await collectAccountDraft(prompts, { list: () => [] } as unknown as AccountStore), undefined);
    assert.deepEqual(offered, ['helcim', 'gr4vy']);
    assert.match((await cli(['test', 'stripe'])).stderr, /Unknown provider "stripe": use helcim or gr4vy\./);
    assert.ok(!(await cli(['test', '--help'])).stdout.includes('stripe'));
  });
});
