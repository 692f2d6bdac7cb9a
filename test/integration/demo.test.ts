import assert from 'node:assert/strict';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { secretKeyOf } from '../../src/core/accounts/store';
import { DEMO_RECORD_KEY, DEMO_SUFFIX } from '../../src/core/demo/demoAccounts';
import { DEMO_ENV, type DemoFile } from '../../src/core/demo/demoFile';
import { helcimToken } from '../unit/fixtures';
import { activateExtension, waitFor } from './helpers';

/** A demo file as `npm start` writes it: real-looking, complete, made now. */
function demoFile(): DemoFile {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
  return {
    runId: randomUUID(),
    helcim: { token: helcimToken(), webhookSecret: Buffer.from(helcimToken(24)).toString('base64') },
    gr4vy: {
      instanceId: 'demo',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      webhookSecret: helcimToken(40).replace(/[!%@.]/g, 'x'),
    },
    open: ['README.md'],
  };
}

/** Writes `demo` with the launcher's modes (0600 file, 0700 folder) into `dir`. */
function writePrivate(dir: string, name: string, demo: DemoFile): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(demo), { mode: 0o600 });
  return file;
}

describe('demo accounts: only npm start makes them, never a workspace', function () {
  this.timeout(60_000);

  it('a normal activation made none (test mode, no launcher variable)', async () => {
    const api = await activateExtension();
    assert.equal(api.context.extensionMode, vscode.ExtensionMode.Test);
    assert.equal(process.env[DEMO_ENV], undefined);
    assert.deepEqual(
      api.accounts.list().filter((a) => a.label.endsWith(DEMO_SUFFIX)),
      [],
    );
    assert.equal(api.context.globalState.get(DEMO_RECORD_KEY), undefined);
    assert.deepEqual(await api.demo.run(), { kind: 'off', removed: 0 });
  });

  it('settings and files claiming demo mode are ignored; the variable alone outside development mode does nothing', async () => {
    const api = await activateExtension();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const settingsFile = path.join(root, '.vscode', 'settings.json');
    const before = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : undefined;
    const planted = demoFile();
    const inWorkspace = writePrivate(root, '.payapi-demo.json', planted);
    const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-demo-it-'));
    const outside = writePrivate(privateDir, 'demo.json', demoFile());
    const accountsBefore = api.accounts.list().map((a) => a.id);
    try {
      // A repository's own claims: settings (names the extension does not read) and a demo file.
      fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
      fs.writeFileSync(
        settingsFile,
        JSON.stringify({
          ...(before ? (JSON.parse(before) as object) : {}),
          'paymentApi.demo': true,
          'paymentApi.demoFile': inWorkspace,
          'terminal.integrated.env.linux': { [DEMO_ENV]: inWorkspace },
        }),
      );
      await waitFor(() => vscode.workspace.getConfiguration().get('paymentApi.demo') === true, 'the settings to load');
      assert.equal((await api.demo.run()).kind, 'off', 'settings and files alone: no demo');
      // The launcher's variable, pointing at a perfect private file or at the planted one: this is
      // test mode (an installed extension is production mode), so nothing is made either way.
      for (const file of [outside, inWorkspace]) {
        process.env[DEMO_ENV] = file;
        const o = await api.demo.run();
        assert.equal(o.kind, 'refused', JSON.stringify(o));
        assert.match(o.kind === 'refused' ? o.reason : '', /test mode/);
      }
      assert.deepEqual(
        api.accounts.list().map((a) => a.id),
        accountsBefore,
      );
      assert.equal(api.context.globalState.get(DEMO_RECORD_KEY), undefined);
      assert.ok(!api.accounts.knownSecrets().includes(planted.helcim.token), 'the planted token was never stored');
    } finally {
      delete process.env[DEMO_ENV];
      if (before !== undefined) fs.writeFileSync(settingsFile, before);
      else {
        fs.rmSync(settingsFile, { force: true });
        if (fs.readdirSync(path.dirname(settingsFile)).length === 0) fs.rmdirSync(path.dirname(settingsFile));
      }
      fs.rmSync(inWorkspace, { force: true });
      fs.rmSync(privateDir, { recursive: true, force: true });
    }
  });

  it('a normal launch after a demo run removes the demo accounts it recorded, with their secrets', async () => {
    const api = await activateExtension();
    const { account } = await api.accounts.add({
      provider: 'helcim',
      label: `Left by a demo run ${DEMO_SUFFIX}`,
      environment: 'sandbox',
      scope: 'global',
      secret: helcimToken(),
    });
    await api.context.globalState.update(DEMO_RECORD_KEY, { runId: randomUUID(), ids: [account.id] });
    const o = await api.demo.run();
    assert.deepEqual(o, { kind: 'off', removed: 1 });
    assert.equal(api.accounts.get(account.id), undefined);
    assert.equal(await api.secretStore.get(secretKeyOf(account.id)), undefined);
    assert.equal(api.context.globalState.get(DEMO_RECORD_KEY), undefined);
  });
});
