// When the walkthrough opens by itself. No `vscode` here: the rule is unit-tested in plain Node.

import type { RunMode } from '../../core/runMode';

export type { RunMode };

export interface FirstRunFacts {
  /** The walkthrough has opened by itself before (a flag in global state: once per installation). */
  shownBefore: boolean;
  mode: RunMode;
  /** The workspace is trusted (an empty window counts as trusted unless the user said otherwise). */
  trusted: boolean;
  /** VS Code's own `workbench.welcomePage.walkthroughs.openOnInstall` (default true): false means never. */
  openOnInstall: boolean;
}

/**
 * 'open' now; 'whenTrusted': once the user trusts the workspace (in Restricted Mode requests are not
 * sent and repository settings are ignored, so the steps would not do what they say); 'never'.
 */
export type FirstRunDecision = 'open' | 'whenTrusted' | 'never';

/**
 * Whether the walkthrough opens by itself: once per installation, only for an installed extension
 * (from its sources, on the demo workspace or under its own tests it would cover what they show),
 * in a trusted workspace, and unless the user turned walkthroughs on install off. (VS Code opens it
 * too when the extension is installed from the Extensions view of an open window; asking again then
 * shows the same page, no second one.) The "Get Started" command opens it whatever this says.
 *
 * @example
 * firstRunDecision({ shownBefore: false, mode: 'production', trusted: true, openOnInstall: true }) // 'open'
 */
export function firstRunDecision(f: FirstRunFacts): FirstRunDecision {
  if (f.shownBefore || f.mode !== 'production' || !f.openOnInstall) return 'never';
  return f.trusted ? 'open' : 'whenTrusted';
}
