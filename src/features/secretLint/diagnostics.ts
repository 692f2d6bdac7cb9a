import * as vscode from 'vscode';
import type { LiveResult } from '../../core/providers/liveness';
import { BASELINE_FILE } from '../../core/scanner/baseline';
import { ruleById } from '../../core/scanner/rules';
import type { Finding } from '../../core/scanner/scan';
import { Settings } from '../../ids';

export const DIAGNOSTIC_SOURCE = 'Payment API Toolkit';
/** The code of the note on a file that is checked only in part. */
export const FILE_TOO_LARGE = 'file-too-large';
/** The code of the note on a file whose check was stopped for taking too long. */
export const CHECK_STOPPED = 'check-stopped';

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
} as const;

/** What the baseline and "Is it live?" add to a finding. */
export interface FindingExtras {
  baselined?: boolean;
  live?: LiveResult;
}

/** Builds the diagnostics of findings; rule codes link to their section of the rules page shipped with us. */
export class DiagnosticFactory {
  constructor(private readonly extensionUri: vscode.Uri) {}

  /**
   * The diagnostic for a finding at `range`: masked message, rule code with its docs link, our
   * source. A finding the baseline accepts is a hint; one found live is an error that says so.
   */
  forFinding(
    range: vscode.Range,
    f: Pick<Finding, 'ruleId' | 'severity' | 'message' | 'preview'>,
    extra: FindingExtras = {},
  ): vscode.Diagnostic {
    let message = `${f.message} (${f.preview})`;
    let severity: vscode.DiagnosticSeverity = SEVERITY[f.severity];
    if (extra.live?.verdict === 'live') {
      message = `${extra.live.message} ${message}`;
      severity = vscode.DiagnosticSeverity.Error;
    } else if (extra.baselined) {
      message += `: accepted in ${BASELINE_FILE}`;
      severity = vscode.DiagnosticSeverity.Hint;
    } else if (extra.live) {
      message += `. Checked: ${extra.live.message}`;
    }
    const d = new vscode.Diagnostic(range, message, severity);
    const rule = ruleById(f.ruleId);
    if (rule) {
      const [file = '', anchor = ''] = rule.docs.split('#');
      d.code = { value: f.ruleId, target: vscode.Uri.joinPath(this.extensionUri, file).with({ fragment: anchor }) };
    } else {
      d.code = f.ruleId;
    }
    d.source = DIAGNOSTIC_SOURCE;
    return d;
  }

  /** The note on a file checked only up to the size setting. */
  sizeCapNote(maxChars: number): vscode.Diagnostic {
    return fileNote(
      FILE_TOO_LARGE,
      `Only the first ${Math.round(maxChars / 1024)} KB of this file are checked for secrets ` +
        `(setting ${Settings.scanMaxFileSizeKb}).`,
    );
  }

  /** The note on a file whose check ran past the time budget and was stopped. */
  overBudgetNote(budgetMs: number): vscode.Diagnostic {
    return fileNote(
      CHECK_STOPPED,
      `This file was not checked for secrets: the check took longer than ${budgetMs / 1000} s and was stopped ` +
        `so the editor stays responsive. Run "payapi scan" on it to check it without a time limit.`,
    );
  }
}

/** A note about the whole file (not a finding): information at its start, `code` saying which note. */
function fileNote(code: string, message: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), message, vscode.DiagnosticSeverity.Information);
  d.source = DIAGNOSTIC_SOURCE;
  d.code = code;
  return d;
}

/** The rule id of one of our diagnostics; undefined for others' diagnostics and for notes. */
export function ruleIdOf(d: vscode.Diagnostic): string | undefined {
  if (d.source !== DIAGNOSTIC_SOURCE || d.code === FILE_TOO_LARGE || d.code === CHECK_STOPPED) return undefined;
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}
