// Issue 19's guard in a real VS Code: a fake third provider, "Acme Pay", registered only here
// (through the test API, into the extension's own registry), goes through Add Account, the
// Accounts tree, Test Connection and Remove Account, none of which may name it. Its spec is its
// own: nothing a user sees comes from Helcim's or Gr4vy's spec objects.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import * as vscode from 'vscode';
import { secretKeyOf } from '../../src/core/accounts/store';
import { withoutTrailingSlashes } from '../../src/core/http/request';
import { mask } from '../../src/core/mask';
import type {
  Account,
  AccountDraft,
  ConnectionResult,
  Environment,
  ProviderId,
} from '../../src/core/providers/accountTypes';
import { type ProviderAdvice, runConnectionTest } from '../../src/core/providers/outcome';
import type { ConnectionRequest, ProviderSpec } from '../../src/core/providers/types';
import type { TestApi } from '../../src/extension';
import type { AccountsNode } from '../../src/features/accounts/accountsTree';
import { Commands } from '../../src/ids';
import { type Started, startServer } from '../unit/fixtures';
import { OfferRecordingPrompts, accountTreeItem, activateExtension, waitFor } from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

const ACME = 'acme' as ProviderId;
const BASE_URL_SETTING = 'paymentApi.acme.baseUrl';
/** Never resolves: a connection test reaches the stand-in only through the base-URL setting. */
const ACME_DEFAULT_BASE_URL = 'https://api.acme-pay.invalid';
const KEY_PREFIX = 'acme_sk_';

const ACME_ADVICE: ProviderAdvice = {
  name: 'Acme Pay',
  errorText: (body) => {
    const e = body && typeof body === 'object' ? (body as Record<string, unknown>).error : undefined;
    return typeof e === 'string' ? e : undefined;
  },
  unauthorized: { message: 'Acme Pay refused the secret key', advice: 'Create a new key in the Acme console.' },
  forbidden: { message: 'Acme Pay does not let this key read the ledger', advice: 'Give the key read access.' },
  notFound: `The ping endpoint was not found: check the ${BASE_URL_SETTING} setting.`,
};

const acmeRequest = (key: string, baseUrl = ACME_DEFAULT_BASE_URL): ConnectionRequest => ({
  url: `${withoutTrailingSlashes(baseUrl)}/v1/ping`,
  headers: { accept: 'application/json', authorization: `AcmeKey ${key}` },
});

function parseAcmeKey(input: string): string {
  const v = input.trim();
  if (!new RegExp(`^${KEY_PREFIX}[0-9a-f]{32}$`).test(v))
    throw new Error(`An Acme Pay secret key is ${KEY_PREFIX} and 32 hex digits`);
  return v;
}

function ledgerOf(a: Account): string {
  const v = (a as unknown as Record<string, unknown>).ledger;
  return typeof v === 'string' ? v : '';
}

/** Acme Pay: a key in an `authorization: AcmeKey …` header, one ledger field, no webhooks. */
const ACME_SPEC: ProviderSpec = {
  id: ACME,
  displayName: 'Acme Pay',
  secretNoun: 'secret key',
  summary: 'AcmeKey authorization header',
  icon: 'rocket',
  secretEntry: { kind: 'text', prompt: 'The Acme Pay secret key (Developers > API keys in the Acme console).' },
  environments: {
    sandbox: { label: 'Acme test mode', description: 'play money', short: 'acme-test' },
    production: { label: 'Acme live mode', description: 'real money', short: 'ACME-LIVE' },
  },
  fields: [
    {
      key: 'ledger',
      prompt: 'The Acme ledger this key reads',
      parse: (v) => {
        if (!/^[a-z0-9-]{1,40}$/.test(v.trim())) throw new Error('A ledger id is lower-case letters, digits and -');
        return v.trim();
      },
    },
  ],
  envVar: 'ACME_SECRET_KEY',
  envCompanions: [],
  accountRuleIds: [],
  baseUrlSetting: BASE_URL_SETTING,
  defaultBaseUrl: () => ACME_DEFAULT_BASE_URL,
  dashboard: () => ({ url: 'https://console.acme-pay.invalid/keys', where: 'Developers > API keys' }),
  details: (a) => [{ label: 'Ledger', value: ledgerOf(a) }],
  publicId: () => undefined,
  prepareSecret: async (input) => {
    const value = parseAcmeKey(input);
    return { value, summary: `secret key ${mask(value)}` };
  },
  withSecret: (a) => a,
  isStored: (o) => typeof o.ledger === 'string',
  accountFrom: (common, draft) => ({ ...common, provider: ACME, ledger: draft.ledger }) as unknown as Account,
  connectionRequest: (_a, credential, baseUrl) => acmeRequest(credential, baseUrl),
  maskedCredential: (_a, maskedSecret) => `AcmeKey ${maskedSecret}`,
  testConnection: (_a, secret, opts) =>
    runConnectionTest(ACME_ADVICE, acmeRequest(secret, opts.baseUrl), [secret], opts),
  webhooks: null,
  cli: {
    usage: 'payapi test acme [--base-url URL]\n      The key comes from ACME_SECRET_KEY.',
    options: { 'base-url': { type: 'string' }, 'timeout-ms': { type: 'string' } },
    test: async (values, input) => {
      const opts = input.requestOptions(values);
      const key = parseAcmeKey(input.env.ACME_SECRET_KEY ?? '');
      return runConnectionTest(ACME_ADVICE, acmeRequest(key, opts.baseUrl), [key], opts);
    },
  },
};

describe('a fake third provider (Acme Pay) in a real VS Code: Add Account, the tree, Test Connection, Remove', function () {
  this.timeout(60_000);
  let api: TestApi;
  let standIn: Started;
  let unregister: (() => void) | undefined;
  /** The authorization headers the stand-in received. */
  const seen: (string | undefined)[] = [];
  const key = `${KEY_PREFIX}${randomBytes(16).toString('hex')}`;
  const wrong = `${KEY_PREFIX}${randomBytes(16).toString('hex')}`;
  let accountId = '';
  let settingsFile = '';

  const tree = () => api.accountsFeature.tree;
  const providerNodes = async () => (await tree().getChildren()).filter((n) => n.kind === 'provider');
  const acmeNode = async (): Promise<AccountsNode | undefined> =>
    (await providerNodes()).find((n) => n.kind === 'provider' && n.provider === ACME);
  const testConnection = (id: string) => vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, id);

  before(async () => {
    api = await activateExtension();
    standIn = await startServer((req: IncomingMessage, res: ServerResponse) => {
      seen.push(req.headers.authorization);
      const status = req.url !== '/v1/ping' ? 404 : req.headers.authorization === `AcmeKey ${key}` ? 200 : 401;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(status === 200 ? { ledger: 'ok' } : { error: status === 401 ? 'bad key' : 'no route' }));
    });
    // VS Code refuses to write a setting no manifest declares, so the (trusted) workspace's settings
    // file carries Acme's base URL, as a repository's would.
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    assert.ok(root, 'no workspace folder');
    const file = path.join(root, '.vscode', 'settings.json');
    assert.ok(!fs.existsSync(file), 'the test workspace has a settings file already');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify({ [BASE_URL_SETTING]: standIn.url }));
    settingsFile = file;
    await waitFor(
      () => vscode.workspace.getConfiguration().get(BASE_URL_SETTING) === standIn.url,
      `VS Code to read ${BASE_URL_SETTING}`,
    );
    unregister = api.registerProvider(ACME_SPEC);
  });

  after(async () => {
    unregister?.();
    api.setPrompts(undefined);
    if (settingsFile) {
      fs.rmSync(settingsFile, { force: true });
      await waitFor(() => vscode.workspace.getConfiguration().get(BASE_URL_SETTING) === undefined, 'the setting to go');
    }
    await standIn?.close();
  });

  it('Add Account offers it from the registry (never Stripe), asks its own questions and refuses a bad key in its words', async () => {
    const before = api.accounts.list().length;
    const p = new OfferRecordingPrompts(['Acme Pay', 'Acme shop', 'Acme test mode', 'ledger-7', { invalid: 'sk_x' }]);
    api.setPrompts(p);
    assert.equal(await vscode.commands.executeCommand(Commands.addAccount), undefined);
    const [providers, environments] = p.offered;
    assert.ok(providers?.includes('Acme Pay'), String(providers));
    assert.ok(providers?.includes('Helcim') && providers.includes('Gr4vy'), String(providers));
    assert.ok(!providers?.some((l) => /stripe/i.test(l)), String(providers));
    assert.deepEqual(environments, ['Acme test mode', 'Acme live mode']);
    assert.ok(p.asked.includes('input: The Acme ledger this key reads'), p.asked.join(' | '));
    assert.ok(p.asked.includes(`input: ${ACME_SPEC.secretEntry.prompt}`), p.asked.join(' | '));
    assert.deepEqual(p.validationMessages, [`An Acme Pay secret key is ${KEY_PREFIX} and 32 hex digits`]);
    assert.equal(api.accounts.list().length, before, 'nothing stored');
  });

  it('adds the account; its key is in SecretStorage and nowhere in the settings state', async () => {
    api.setPrompts(new ScriptedPrompts(['acme', 'Acme shop', 'sandbox', 'ledger-7', key, 'global']));
    accountId = String(await vscode.commands.executeCommand(Commands.addAccount));
    const account = api.accounts.get(accountId);
    assert.equal(account?.provider, ACME);
    assert.equal(account && ledgerOf(account), 'ledger-7');
    assert.equal(await api.context.secrets.get(secretKeyOf(accountId)), key);
    const state = JSON.stringify(api.context.globalState.keys().map((k) => api.context.globalState.get(k)));
    assert.ok(state.includes(accountId) && !state.includes(key), 'the account is in global state, its key is not');
  });

  it('the tree shows an Acme Pay node with the account: its icon, environment names, masked key and details', async () => {
    const node = await acmeNode();
    assert.ok(node, 'no Acme Pay node in the tree');
    const providerItem = tree().getTreeItem(node);
    assert.equal(providerItem.label, 'Acme Pay');
    assert.equal((providerItem.iconPath as vscode.ThemeIcon).id, 'rocket');
    assert.equal(providerItem.contextValue, 'provider.acme');
    const children = await tree().getChildren(node);
    assert.deepEqual(
      children.map((c) => c.kind === 'account' && c.account.id),
      [accountId],
    );
    const item = await accountTreeItem(tree(), accountId);
    assert.equal(item.label, 'Acme shop');
    assert.equal(item.description, `acme-test · ${mask(key)} · not tested`);
    assert.equal(item.contextValue, 'account.acme.sandbox');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'circle-large-outline');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes(' · Acme Pay · sandbox'), tooltip);
    assert.ok(tooltip.includes(`secret key \`${mask(key)}\``), tooltip);
    assert.ok(tooltip.includes('Ledger: ledger\\-7'), tooltip);
    assert.ok(!tooltip.includes(key) && !String(item.description).includes(key));
    assert.equal(item.accessibilityInformation?.label, 'Acme Pay account Acme shop, acme-test, not tested');
  });

  it('Test Connection reaches the stand-in through its own base-URL setting: connected; a wrong key: unauthorized', async () => {
    assert.equal(vscode.workspace.isTrusted, true, 'the workspace value of the base URL counts only when trusted');
    const ok = await testConnection(accountId);
    assert.equal(ok.outcome, 'connected', ok.message);
    assert.match(ok.message, /^Connected to Acme Pay in \d+ ms/);
    assert.equal(seen.at(-1), `AcmeKey ${key}`, 'the stand-in got the key');
    let item = await accountTreeItem(tree(), accountId);
    assert.match(String(item.description), /^acme-test · .* · connected \d+ ms$/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'pass-filled');

    api.setPrompts(new ScriptedPrompts([wrong]));
    await vscode.commands.executeCommand(Commands.replaceSecret, accountId);
    assert.equal(await api.context.secrets.get(secretKeyOf(accountId)), wrong);
    const refused = await testConnection(accountId);
    assert.equal(refused.outcome, 'unauthorized', refused.message);
    assert.equal(refused.message, 'Acme Pay refused the secret key (HTTP 401): “bad key”');
    assert.equal(seen.at(-1), `AcmeKey ${wrong}`);
    item = await accountTreeItem(tree(), accountId);
    assert.equal(item.description, `acme-test · ${mask(wrong)} · unauthorized (HTTP 401)`);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
  });

  it('Remove Account deletes its settings and key, and its provider node goes with its last account', async () => {
    api.setPrompts(new ScriptedPrompts([true]));
    assert.equal(await vscode.commands.executeCommand(Commands.removeAccount, accountId), true);
    assert.equal(api.accounts.get(accountId), undefined);
    assert.equal(await api.context.secrets.get(secretKeyOf(accountId)), undefined);
    assert.equal(await acmeNode(), undefined);
  });

  it('unregistered, it leaves the tree and the provider pick, even with an account of it still stored', async () => {
    const draft = { provider: ACME, label: 'Acme left', environment: 'sandbox' as Environment, scope: 'global' };
    const { account } = await api.accounts.add({ ...draft, ledger: 'l-2', secret: key } as unknown as AccountDraft);
    try {
      assert.ok(await acmeNode(), 'the Acme Pay node is back with a new account');
      unregister?.();
      unregister = undefined;
      assert.equal(await acmeNode(), undefined);
      const p = new OfferRecordingPrompts([undefined]);
      api.setPrompts(p);
      await vscode.commands.executeCommand(Commands.addAccount);
      assert.ok(p.offered[0]?.includes('Helcim') && !p.offered[0].includes('Acme Pay'), String(p.offered[0]));
    } finally {
      // The store no longer lists an account of an unregistered provider: register it again to remove it.
      const again = unregister ? undefined : api.registerProvider(ACME_SPEC);
      await api.accounts.remove(account.id);
      again?.();
    }
  });
});
