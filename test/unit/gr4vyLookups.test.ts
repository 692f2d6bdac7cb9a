// Issue 20: what Gr4vy says about a key (GET /api-key-pairs), its merchant accounts (GET
// /merchant-accounts) as the Add Account pick, and the role the user gave explaining results.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AccountStore } from '../../src/core/accounts/store';
import type { Gr4vyAccount, Gr4vyTarget } from '../../src/core/providers/accountTypes';
import { readGr4vyKey } from '../../src/core/providers/gr4vy/key';
import {
  describeKeyPair,
  keyPairFacts,
  merchantAccountChoices,
  roleScopes,
} from '../../src/core/providers/gr4vy/lookups';
import { GR4VY } from '../../src/core/providers/gr4vy/spec';
import { cli as runCli } from './cliHarness';
import { testGr4vy } from '../../src/core/providers/gr4vy/connection';
import { withRole } from '../../src/core/providers/gr4vy/roles';
import { collectAccountDraft } from '../../src/features/accounts/addAccountFlow';
import type { Prompts } from '../../src/features/accounts/prompts';
import { type Started, startServer } from './fixtures';
import { type Gr4vyRole, type StandInLog, gr4vyStandIn } from '../standIns/gr4vy';

const pem = (k: ReturnType<typeof generateKeyPairSync>['privateKey']) =>
  k.export({ format: 'pem', type: 'pkcs8' }).toString();

describe('Gr4vy lookups against a stand-in that enforces roles', () => {
  const roles: Gr4vyRole[] = ['full', 'processing', 'systemManagement'];
  const pairs = roles.map(() => generateKeyPairSync('ec', { namedCurve: 'secp521r1' }));
  const log: StandInLog = { requests: [], claims: [] };
  let server: Started;
  const targets: Gr4vyTarget[] = [];
  const merchants = [
    { id: 'eu-shop', display_name: 'EU shop' },
    { id: 'us-shop', display_name: 'US\u001b[31m shop\u202e' },
    { id: 'evil\nx-injected: 1', display_name: 'an id that would break the header it goes into' },
  ];
  before(async () => {
    server = await startServer(
      gr4vyStandIn(
        pairs.map((p, i) => ({ publicKey: p.publicKey, role: roles[i] ?? 'full' })),
        log,
        { merchantAccounts: merchants, pageSize: 2 },
      ),
    );
    for (const p of pairs)
      targets.push({ key: await readGr4vyKey(pem(p.privateKey)), instanceId: 'acme', environment: 'sandbox' });
  });
  after(() => server.close());
  const opts = () => ({ baseUrl: server.url, timeoutMs: 5000 });

  it('a key that may read merchant accounts gets them as picks, over pages, cleaned of control characters', async () => {
    const choices = await merchantAccountChoices(targets[0] as Gr4vyTarget, opts());
    assert.deepEqual(choices, [
      { label: 'None', description: 'no merchant account header: the default account', value: '' },
      { label: 'EU shop', description: 'eu-shop', value: 'eu-shop' },
      { label: 'US [31m shop', description: 'us-shop', value: 'us-shop' },
    ]);
    assert.equal(log.requests.filter((r) => r.startsWith('GET /merchant-accounts → 200')).length, 2);
  });

  it('a key whose role may not read them gets undefined (the id is typed), as for a network failure', async () => {
    assert.equal(await merchantAccountChoices(targets[1] as Gr4vyTarget, opts()), undefined);
    assert.equal(
      await merchantAccountChoices(targets[0] as Gr4vyTarget, { baseUrl: 'http://127.0.0.1:9', timeoutMs: 2000 }),
      undefined,
    );
  });

  it("GET /api-key-pairs gives the key's name, roles with their scopes and merchant accounts, matched by kid", async () => {
    const facts = await keyPairFacts(targets[0] as Gr4vyTarget, opts());
    assert.ok(facts);
    assert.deepEqual(facts.roles, [{ name: 'Full access', scopes: ['*.read', '*.write'] }]);
    assert.deepEqual(facts.merchantAccounts, []);
    assert.match(
      describeKeyPair(facts),
      /“Stand-in key” \(ECDSA\): role Full access; all merchant accounts; never used/,
    );
    assert.equal(await keyPairFacts(targets[2] as Gr4vyTarget, opts()), undefined, '403 for a system key');
  });

  it('the role the user gave explains what the key could not read; without one, the result is unchanged', async () => {
    const r = await testGr4vy(targets[2] as Gr4vyTarget, opts());
    assert.equal(r.ok, true, r.message);
    assert.deepEqual(r.unreadable, ['buyers', 'transactions']);
    assert.match(withRole(r, 'system').advice ?? '', /created as System management only: Manage connections/);
    assert.deepEqual(withRole(r, undefined), r);
    const full = await testGr4vy(targets[0] as Gr4vyTarget, opts());
    assert.deepEqual(withRole(full, 'full'), full);
  });

  it('GET /roles gives the scopes of the role the user named, by its dashboard name', async () => {
    assert.deepEqual(await roleScopes(targets[0] as Gr4vyTarget, 'System management only', opts()), [
      'connections.read',
      'payment-services.read',
      'payment-service-definitions.read',
      'flows.read',
      'anti-fraud-services.read',
      'connections.write',
      'payment-services.write',
      'flows.write',
      'anti-fraud-services.write',
    ]);
    assert.equal(await roleScopes(targets[0] as Gr4vyTarget, 'No such role', opts()), undefined);
    assert.equal(await roleScopes(targets[2] as Gr4vyTarget, 'System management only', opts()), undefined, '403');
  });

  it("a connection test through the spec adds the key's facts and granted scopes where Gr4vy says them", async () => {
    const account: Gr4vyAccount = {
      id: 'g',
      provider: 'gr4vy',
      label: 'G',
      environment: 'sandbox',
      scope: 'global',
      createdAt: '',
      instanceId: 'acme',
      scopes: ['*.read'],
      kid: targets[0]?.key.kid ?? '',
      keyFormat: 'PKCS#8 PEM',
    };
    const full = await GR4VY.testConnection({ ...account }, pem(pairs[0]?.privateKey as never), opts());
    assert.equal(full.ok, true, full.message);
    assert.match(full.keyFacts ?? '', /Gr4vy knows this key as “Stand-in key” \(ECDSA\): role Full access/);
    assert.deepEqual(full.grantedScopes, ['*.read', '*.write']);
    const system = await GR4VY.testConnection(
      { ...account, role: 'system' },
      pem(pairs[2]?.privateKey as never),
      opts(),
    );
    assert.equal(system.ok, true, system.message);
    assert.equal(system.keyFacts, undefined, 'a System management key may not read /api-key-pairs');
    assert.match(system.advice ?? '', /System management only/);
    const cli = await runCli(['test', 'gr4vy', '--instance', 'acme', '--key', 'k.pem', '--base-url', server.url], {
      files: { 'k.pem': pem(pairs[0]?.privateKey as never) },
    });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^connected: .*\n {2}Gr4vy knows this key as “Stand-in key”/m);
  });

  it('a hostile answer cannot put thousands of roles, scopes or merchant accounts on the account', async () => {
    const kid = targets[0]?.key.kid;
    const many = (n: number, f: (i: number) => unknown) => Array.from({ length: n }, (_, i) => f(i));
    const hostile = await startServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          items: [
            {
              thumbprint: kid,
              display_name: 'K',
              roles: many(500, (i) => ({ name: `r${i}`, permissions: { allow: many(2000, (j) => `s${j}.read`) } })),
              merchant_accounts: many(5000, (i) => ({ id: `m${i}` })),
            },
          ],
        }),
      );
    });
    try {
      const facts = await keyPairFacts(targets[0] as Gr4vyTarget, { baseUrl: hostile.url, maxBodyBytes: 50_000_000 });
      assert.ok(facts);
      assert.ok(facts.roles.length <= 10 && facts.merchantAccounts.length <= 20);
      assert.ok(facts.roles.every((r) => r.scopes.length <= 200));
    } finally {
      await hostile.close();
    }
  });

  it('an endless chain of next cursors stops after a few pages', async () => {
    let hits = 0;
    const endless = await startServer((req, res) => {
      hits++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: [{ id: `m${hits}`, display_name: 'M' }], next_cursor: `c${hits}` }));
    });
    try {
      const choices = await merchantAccountChoices(targets[0] as Gr4vyTarget, { baseUrl: endless.url });
      assert.equal(hits, 5);
      assert.equal(choices?.length, 6);
    } finally {
      await endless.close();
    }
  });

  it('Add Account asks the role as a pick and, after the key, offers the merchant accounts Gr4vy lists', async () => {
    const asked: string[] = [];
    const answers: Record<string, unknown> = {
      'Which provider?': 'gr4vy',
      'A name for this account, shown in the Accounts view': 'Acme',
      'Which environment?': 'sandbox',
      'The instance id: the <id> in https://api.<id>.gr4vy.app': 'acme',
      'Where is the private key?': 'paste',
      'Where should this account be available? (The secret itself always goes to secret storage.)': 'global',
    };
    const prompts: Prompts = {
      pick: async (items, o) => {
        asked.push(`pick: ${o.placeholder} [${items.map((i) => i.label).join(' | ')}]`);
        if (o.placeholder.startsWith('The role')) return items.find((i) => i.label === 'System management only')?.value;
        if (o.placeholder.startsWith('Merchant account')) return items.find((i) => i.label === 'EU shop')?.value;
        return answers[o.placeholder] as never;
      },
      input: async (o) => {
        asked.push(`input: ${o.prompt}`);
        if (o.password) return pem(pairs[0]?.privateKey as never);
        if (o.prompt.startsWith('Scopes')) return o.value;
        return answers[o.prompt] as string | undefined;
      },
      confirm: async () => false,
      readFile: async () => undefined,
    };
    const draft = await collectAccountDraft(prompts, { list: () => [] } as unknown as AccountStore, undefined, () =>
      opts(),
    );
    assert.ok(draft);
    assert.equal((draft as { role?: string }).role, 'system');
    assert.equal((draft as { merchantAccountId?: string }).merchantAccountId, 'eu-shop');
    const order = asked.map((a) => a.slice(0, 40));
    const secretAt = order.findIndex((a) => a.startsWith('input: Paste the private key'));
    const merchantAt = order.findIndex((a) => a.startsWith('pick: Merchant account'));
    assert.ok(secretAt >= 0 && merchantAt > secretAt, order.join('\n'));
    assert.ok(
      asked.some((a) => a.includes('Enter it…')),
      'a merchant account not listed can still be typed',
    );
  });
});
