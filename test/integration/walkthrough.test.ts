import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import { WALKTHROUGH_SHOWN_KEY } from '../../src/features/walkthrough/registerWalkthrough';
import { Commands } from '../../src/ids';
import { activateExtension, waitFor } from './helpers';

/**
 * The tab of VS Code's walkthrough editor. The tabs API cannot tell which walkthrough it shows: it
 * has no input type for it, and its label is the one the editor had when it opened ("Welcome", or in
 * 1.100 "Walkthrough: Setup VS Code Web", before the page selects ours), while the page itself says
 * "Walkthrough: Payment API Toolkit". That the page shows ours is checked by test/e2e/walkthrough.test.ts.
 */
function walkthroughTab(): vscode.Tab | undefined {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .find((t) => t.input === undefined && /^(Walkthrough: .+|Welcome)$/.test(t.label));
}

/** Waits for the walkthrough's tab; on timeout, the error lists the tabs there are. */
async function expectWalkthrough(what: string): Promise<vscode.Tab> {
  try {
    return await waitFor(walkthroughTab, what);
  } catch (e) {
    const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
    throw new Error(`${(e as Error).message}; tabs: ${labels.join(', ') || 'none'}`);
  }
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor(() => vscode.window.tabGroups.all.every((g) => g.tabs.length === 0), 'all editors closed');
}

/** Waits a moment and checks that no walkthrough tab appeared. */
async function expectNoWalkthrough(why: string): Promise<void> {
  await new Promise((r) => setTimeout(r, 1500));
  const labels = vscode.window.tabGroups.all.flatMap((g) => g.tabs.map((t) => t.label));
  assert.equal(walkthroughTab(), undefined, `${why}; tabs: ${labels.join(', ')}`);
}

describe('walkthrough: Get Started', function () {
  this.timeout(60_000);
  let api: TestApi;
  const shown = () => api.context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY);

  before(async () => {
    api = await activateExtension();
    // This window's activation ran in test mode: it neither opened the walkthrough nor recorded it.
    assert.equal(shown(), undefined, 'the activation under test recorded the walkthrough as shown');
  });
  afterEach(async () => {
    await api.context.globalState.update(WALKTHROUGH_SHOWN_KEY, undefined);
    await closeAll();
  });

  it('"Payment API Toolkit: Get Started" opens the walkthrough, and does not count as its first showing', async () => {
    await closeAll();
    await vscode.commands.executeCommand(Commands.getStarted);
    const tab = await expectWalkthrough('the walkthrough tab');
    assert.ok(tab.isActive, tab.label);
    assert.equal(shown(), undefined);
  });

  it('first activation of an installed extension opens it and records that; the next activation does not', async () => {
    await closeAll();
    const asInstalled = { mode: vscode.ExtensionMode.Production };
    assert.equal(await api.walkthrough.openOnFirstRun(asInstalled), 'open');
    await expectWalkthrough('the walkthrough tab after the first activation');
    assert.equal(shown(), true);
    await closeAll();
    assert.equal(await api.walkthrough.openOnFirstRun(asInstalled), 'never');
    await expectNoWalkthrough('a second activation opened the walkthrough again');
    assert.equal(shown(), true);
  });

  it('under tests and from the sources it never opens by itself', async () => {
    await closeAll();
    assert.equal(await api.walkthrough.openOnFirstRun(), 'never', 'this window runs the extension under test');
    assert.equal(await api.walkthrough.openOnFirstRun({ mode: vscode.ExtensionMode.Development }), 'never');
    await expectNoWalkthrough('the walkthrough opened in test or development mode');
    assert.equal(shown(), undefined);
  });

  it('in an untrusted workspace it waits until the workspace is trusted, then opens once', async () => {
    await closeAll();
    const granted = new vscode.EventEmitter<void>();
    try {
      const trust = { isTrusted: false, onDidGrant: granted.event };
      const asInstalled = { mode: vscode.ExtensionMode.Production, trust };
      assert.equal(await api.walkthrough.openOnFirstRun(asInstalled), 'whenTrusted');
      assert.equal(await api.walkthrough.openOnFirstRun(asInstalled), 'whenTrusted');
      await expectNoWalkthrough('the walkthrough opened in Restricted Mode');
      assert.equal(shown(), undefined);
      granted.fire();
      await expectWalkthrough('the walkthrough tab once trusted');
      await waitFor(() => shown() === true, 'the first showing recorded');
      await closeAll();
      granted.fire();
      await expectNoWalkthrough('a second grant opened it again');
    } finally {
      granted.dispose();
    }
  });
});
