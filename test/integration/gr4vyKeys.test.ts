// Issue 20 in a real VS Code: a Gr4vy account with an RSA key, and one whose role cannot read
// buyers, against a stand-in that authenticates as Gr4vy's docs describe and enforces roles.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import * as vscode from 'vscode';
import { secretKeyOf } from '../../src/core/accounts/store';
import type { ConnectionResult } from '../../src/core/providers/accountTypes';
import type { TestApi } from '../../src/extension';
import { Commands, Settings } from '../../src/ids';
import { type Started, startServer } from '../unit/fixtures';
import { type StandInLog, gr4vyStandIn } from '../standIns/gr4vy';
import { accountTreeItem, activateExtension } from './helpers';
import { ScriptedPrompts } from './scriptedPrompts';

describe('Gr4vy keys as the dashboard issues them (real VS Code)', function () {
  this.timeout(60_000);
  let api: TestApi;
  let server: Started;
  const log: StandInLog = { requests: [], claims: [] };
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const system = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  const added: string[] = [];

  before(async () => {
    api = await activateExtension();
    server = await startServer(
      gr4vyStandIn(
        [
          { publicKey: rsa.publicKey, role: 'full' },
          { publicKey: system.publicKey, role: 'systemManagement' },
        ],
        log,
        { merchantAccounts: [{ id: 'eu-shop', display_name: 'EU shop' }], keyNames: {} },
      ),
    );
    await vscode.workspace
      .getConfiguration()
      .update(Settings.gr4vyBaseUrl, server.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    api.setPrompts(undefined);
    for (const id of added) await api.accounts.remove(id).catch(() => undefined);
    await vscode.workspace
      .getConfiguration()
      .update(Settings.gr4vyBaseUrl, undefined, vscode.ConfigurationTarget.Global);
    await server?.close();
  });

  async function add(answers: (string | boolean)[]): Promise<string> {
    const prompts = new ScriptedPrompts(answers);
    api.setPrompts(prompts);
    const id = String(await vscode.commands.executeCommand(Commands.addAccount));
    assert.equal(prompts.remaining, 0, prompts.asked.join('\n'));
    added.push(id);
    return id;
  }

  it('an RSA key: Add Account shows its kid, offers the merchant accounts Gr4vy lists, and the test connects (RS512)', async () => {
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs1' }).toString();
    const id = await add([
      'gr4vy',
      'RSA key',
      'sandbox',
      'acme',
      'Full access',
      '*.read',
      'paste',
      pem,
      'EU shop',
      'global',
    ]);
    const account = api.accounts.get(id);
    assert.ok(account && account.provider === 'gr4vy');
    assert.equal(account.algorithm, 'RS512');
    assert.equal(account.merchantAccountId, 'eu-shop');
    assert.match((await api.context.secrets.get(secretKeyOf(id))) ?? '', /^-{5}BEGIN PRIVATE KEY-{5}/);
    const r = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, id);
    assert.equal(r.outcome, 'connected', `${r.message} ${log.requests.join(', ')}`);
    const item = await accountTreeItem(api.accountsFeature.tree, id);
    const tooltip = (item.tooltip as vscode.MarkdownString).value.replace(/\\(.)/g, '$1');
    assert.match(tooltip, /Key: PKCS#1 PEM \(RSA PRIVATE KEY\), RSA 2048-bit \(RS512\)/);
    assert.match(tooltip, /Gr4vy knows this key as/);
    // The kid to compare with the key id in Gr4vy's dashboard: RFC 7638 over the public {e, kty, n}.
    const { n, e } = rsa.publicKey.export({ format: 'jwk' });
    const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256');
    assert.equal(account.kid, kid);
    assert.ok(tooltip.includes(`kid \`${kid}\``), tooltip);
    assert.ok(String(item.description).includes(`kid …${kid.slice(-4)}`), String(item.description));
    assert.ok(log.requests.some((x) => x.startsWith('GET /buyers → 200')));
  });

  it('a System management key connects and says what it could not read, in the words of its role', async () => {
    const pem = system.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    // Its role may not list merchant accounts: the id is typed (none).
    const id = await add([
      'gr4vy',
      'System key',
      'sandbox',
      'acme',
      'System management only',
      '*.read',
      'paste',
      pem,
      '',
      'global',
    ]);
    const r = await vscode.commands.executeCommand<ConnectionResult>(Commands.testConnection, id);
    assert.equal(r.ok, true, r.message);
    assert.match(r.message, /read payment-services; could not read buyers and transactions/);
    assert.match(r.advice ?? '', /created as System management only/);
    const tooltip = (
      (await accountTreeItem(api.accountsFeature.tree, id)).tooltip as vscode.MarkdownString
    ).value.replace(/\\(.)/g, '$1');
    assert.match(tooltip, /could not read buyers and transactions/);
  });
});
