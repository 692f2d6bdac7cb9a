import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { AccountsTree } from '../../src/features/accounts/accountsTree';
import type { PickItem } from '../../src/features/accounts/prompts';
import { EXTENSION_ID } from '../../src/ids';
import { ScriptedPrompts } from './scriptedPrompts';

/** Activates the extension under test and returns its test-only API. */
export async function activateExtension(): Promise<TestApi> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  const api = await ext.activate();
  assert.ok(api, 'the extension returned no test API: is it running in test mode?');
  return api;
}

/** Writes `content` to `rel` under `root` (folders made) and shows it in an editor. */
export async function openFile(root: string, rel: string, content: string): Promise<vscode.TextEditor> {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes. */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The Accounts view's item for an account, found as VS Code walks the tree: provider nodes, then their accounts. */
export async function accountTreeItem(tree: AccountsTree, id: string): Promise<vscode.TreeItem> {
  for (const provider of await tree.getChildren()) {
    for (const node of await tree.getChildren(provider)) {
      if (node.kind === 'account' && node.account.id === id) return tree.getTreeItem(node);
    }
  }
  throw new Error(`no tree item for account ${id}`);
}

/** Scripted answers that also keep the labels each pick offered. */
export class OfferRecordingPrompts extends ScriptedPrompts {
  readonly offered: string[][] = [];
  override async pick<T>(items: PickItem<T>[], options: { title: string; placeholder: string }) {
    this.offered.push(items.map((i) => i.label));
    return super.pick(items, options);
  }
}
