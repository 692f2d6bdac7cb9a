import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, Views } from '../../src/ids';
import { activateExtension } from './helpers';

interface Manifest {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
}

describe('foundation: the extension inside a real VS Code', () => {
  it('activates and reports its VS Code', async () => {
    const api = await activateExtension();
    assert.ok(api.context.extension.isActive);
    assert.ok(vscode.version.startsWith('1.'), vscode.version);
  });

  it('registers every command it contributes', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    const all = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !all.has(c));
    assert.deepEqual(missing, []);
    assert.ok(manifest.contributes.commands.length >= 2);
  });

  it('contributes the Accounts view in its own container, and it can be shown', async () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as Manifest;
    assert.ok(manifest.contributes.views[Views.container]?.some((v) => v.id === Views.accounts));
    await vscode.commands.executeCommand(`workbench.view.extension.${Views.container}`);
    await vscode.commands.executeCommand(`${Views.accounts}.focus`);
  });

  it("round-trips a value through the extension's secret store and the real SecretStorage", async () => {
    const { secretStore, context } = await activateExtension();
    const key = `paymentApi.test.${Date.now()}`;
    const value = ['it', 'value', String(Math.random()).slice(2)].join('-');
    const seen: string[] = [];
    const sub = secretStore.onDidChange((k) => seen.push(k));
    try {
      await secretStore.store(key, value);
      assert.equal(await context.secrets.get(key), value, 'written through the abstraction, read from SecretStorage');
      assert.equal(await secretStore.get(key), value);
      await context.secrets.delete(key);
      assert.equal(await secretStore.get(key), undefined, 'deleted in SecretStorage, gone from the abstraction');
      assert.ok(seen.includes(key), 'onDidChange fired for the key');
    } finally {
      sub.dispose();
    }
  });
});
