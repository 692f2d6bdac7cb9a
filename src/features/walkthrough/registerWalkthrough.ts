import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { describeError } from '../../core/errors';
import { registerCommand } from '../../host/commands';
import { Commands, EXTENSION_ID, Walkthroughs } from '../../ids';
import { runModeOf } from '../../host/runMode';
import { type FirstRunDecision, firstRunDecision } from './firstRun';

/** Global state key: the walkthrough has opened by itself once (no secret; kept per installation). */
export const WALKTHROUGH_SHOWN_KEY = 'paymentApi.walkthrough.shown';

/** Workspace trust as the first run sees it; tests pass their own. */
export interface TrustState {
  readonly isTrusted: boolean;
  readonly onDidGrant: vscode.Event<void>;
}

export interface WalkthroughFeature {
  /** Opens the Get Started walkthrough (the command does this). */
  open(): Promise<void>;
  /**
   * What activation does: opens the walkthrough the first time, or once the workspace is trusted
   * (see {@link firstRunDecision}). A test may ask for another mode or trust state. Never rejects.
   */
  openOnFirstRun(asIf?: { mode?: vscode.ExtensionMode; trust?: TrustState }): Promise<FirstRunDecision>;
}

/** "Payment API Toolkit: Get Started" and the walkthrough's one opening after install. */
export function registerWalkthrough(context: vscode.ExtensionContext, deps: { log: Logger }): WalkthroughFeature {
  const open = async () => {
    await vscode.commands.executeCommand(
      'workbench.action.openWalkthrough',
      `${EXTENSION_ID}#${Walkthroughs.getStarted}`,
      false,
    );
  };
  registerCommand(context, deps.log, Commands.getStarted, open);
  let waiting: vscode.Disposable | undefined;

  const openOnFirstRun: WalkthroughFeature['openOnFirstRun'] = async (asIf = {}) => {
    const trust = asIf.trust ?? {
      isTrusted: vscode.workspace.isTrusted,
      onDidGrant: vscode.workspace.onDidGrantWorkspaceTrust,
    };
    const decision = firstRunDecision({
      shownBefore: context.globalState.get<boolean>(WALKTHROUGH_SHOWN_KEY) === true,
      mode: runModeOf(asIf.mode ?? context.extensionMode),
      trusted: trust.isTrusted,
      openOnInstall: vscode.workspace
        .getConfiguration('workbench.welcomePage')
        .get<boolean>('walkthroughs.openOnInstall', true),
    });
    if (decision === 'whenTrusted' && !waiting) {
      const sub = trust.onDidGrant(() => {
        sub.dispose();
        waiting = undefined;
        void openOnFirstRun({ ...asIf, trust: { ...trust, isTrusted: true } });
      });
      waiting = sub;
      context.subscriptions.push(sub);
    }
    if (decision !== 'open') return decision;
    try {
      // Recorded before opening: if opening fails, it is not retried at every start (the command stays).
      await context.globalState.update(WALKTHROUGH_SHOWN_KEY, true);
      await open();
    } catch (e) {
      deps.log.warn(`The Get Started walkthrough did not open: ${describeError(e)}`);
    }
    return decision;
  };
  return { open, openOnFirstRun };
}
