import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { slashSegments } from '../../core/paths';
import type { FileResult } from '../../core/scanner/engine';
import { runScanWorker } from '../../core/scanner/pool';
import type { KnownSecret } from '../../core/scanner/scan';
import { readFilesExclude, readScanSettings } from '../../host/config';
import { mayRunGitIn } from '../../host/gitAccess';
import type { BaselineStore } from './baselineStore';
import type { DiagnosticFactory } from './diagnostics';

export interface WorkspaceScanDeps {
  collection: vscode.DiagnosticCollection;
  diagnostics: DiagnosticFactory;
  known: () => readonly KnownSecret[];
  /** Open documents are linted from their unsaved text by the live linter: their results are dropped here. */
  isOpen: (uri: vscode.Uri) => boolean;
  /** Each folder's baseline: accepted findings become hints. */
  baseline: BaselineStore;
  /** dist/scanWorker.js: the scanning engine on its own thread. */
  workerScript: string;
  log: Logger;
}

export interface WorkspaceScanResult {
  files: number;
  findings: number;
  cancelled: boolean;
}

/**
 * Scans every workspace folder on a worker thread with the engine `payapi scan` uses (git's file
 * list, binary and size checks), streaming results into Problems with progress and cancel. The
 * extension host only turns findings into diagnostics, a batch at a time: the file list never passes
 * through it (a repository chooses how long that list is).
 */
export async function scanWorkspace(deps: WorkspaceScanDeps): Promise<WorkspaceScanResult> {
  const s = readScanSettings();
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const title = 'Scanning the workspace for secrets';
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const started = Date.now();
      const tally = { files: 0, findings: 0, withFindings: 0, total: 0 };
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      try {
        for (const folder of folders) {
          if (abort.signal.aborted) break;
          const root = folder.uri.fsPath;
          const reported = new Set<string>();
          await runScanWorker(
            deps.workerScript,
            {
              list: {
                root,
                options: {
                  noIgnore: !s.skipIgnored,
                  exclude: readFilesExclude(folder.uri),
                  // As VS Code's git extension: git only in trusted workspaces, never above the folder.
                  git: mayRunGitIn(folder) ? 'auto' : 'never',
                  ceiling: root,
                },
              },
              opts: {
                maxBytes: s.maxChars,
                overCap: 'truncate',
                relativeTo: root,
                knownSecrets: deps.known(),
                salt: deps.baseline.indexOf(folder)?.salt,
              },
              findingsOnly: true,
            },
            (m) => {
              if (m.type === 'listed') tally.total += m.total;
              else if (m.type === 'results') {
                for (const r of m.results) reported.add(applyResult(deps, folder, r, s.maxChars, tally));
              } else if (m.type === 'counts') {
                tally.files += m.scanned;
                const increment = tally.total ? (100 * (m.scanned + m.skipped)) / tally.total : 0;
                progress.report({
                  message: `${tally.files} of ${tally.total} files, ${tally.findings} secrets`,
                  increment,
                });
              }
            },
            abort.signal,
          );
          // Files that had findings and were not reported this time are clean now (or no longer scanned).
          if (!abort.signal.aborted) clearUnreported(deps, folder.uri, reported);
        }
      } finally {
        cancel.dispose();
      }
      const cancelled = abort.signal.aborted;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const n = tally.findings;
      const summary =
        `${cancelled ? 'Scan cancelled: ' : ''}${n} secret${n === 1 ? '' : 's'} ` +
        `in ${tally.withFindings} of ${tally.files} files scanned (${seconds} s).`;
      deps.log.info(`Workspace scan: ${summary}`);
      if (n) {
        void vscode.window
          .showWarningMessage(summary, 'Show Problems')
          .then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
      } else {
        void vscode.window.showInformationMessage(summary);
      }
      return { files: tally.files, findings: n, cancelled };
    },
  );
}

/** Puts one file's findings into Problems; returns its URI. Open documents are left to the live linter. */
function applyResult(
  deps: WorkspaceScanDeps,
  folder: vscode.WorkspaceFolder,
  r: FileResult,
  maxChars: number,
  tally: { findings: number; withFindings: number },
): string {
  const uri = vscode.Uri.joinPath(folder.uri, ...slashSegments(r.path));
  if (r.kind === 'skipped' || deps.isOpen(uri)) return uri.toString();
  const diagnostics = r.findings.map((f) => {
    const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
    return deps.diagnostics.forFinding(range, f, {
      baselined: deps.baseline.acceptsHash(folder, r.path, f.ruleId, f.secretHash),
    });
  });
  if (r.truncated) diagnostics.push(deps.diagnostics.sizeCapNote(maxChars));
  deps.collection.set(uri, diagnostics);
  const active = diagnostics.filter((d) => d.severity !== vscode.DiagnosticSeverity.Hint).length;
  if (active) {
    tally.withFindings++;
    tally.findings += active;
  }
  return uri.toString();
}

/** Removes the diagnostics of files in `folder` that this scan did not report, except open documents. */
function clearUnreported(deps: WorkspaceScanDeps, folder: vscode.Uri, reported: Set<string>): void {
  const prefix = `${folder.toString()}/`;
  const stale: vscode.Uri[] = [];
  deps.collection.forEach((uri) => {
    const key = uri.toString();
    if (key.startsWith(prefix) && !reported.has(key) && !deps.isOpen(uri)) stale.push(uri);
  });
  for (const uri of stale) deps.collection.delete(uri);
}
