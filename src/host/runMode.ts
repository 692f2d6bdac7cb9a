import * as vscode from 'vscode';
import type { RunMode } from '../core/runMode';

/** `vscode.ExtensionMode` by name, for the pure code that decides on it (demo accounts, the walkthrough). */
export function runModeOf(mode: vscode.ExtensionMode): RunMode {
  if (mode === vscode.ExtensionMode.Development) return 'development';
  return mode === vscode.ExtensionMode.Test ? 'test' : 'production';
}
