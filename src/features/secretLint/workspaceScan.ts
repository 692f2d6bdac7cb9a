import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { FileResult } from '../../core/scanner/engine';
import { runScanWorker } from '../../core/scanner/pool';
import type { KnownSecret } from '../../core/scanner/scan';
import { readFilesExclude, readScanSettings } from '../../host/config';
import type { DiagnosticFactory } from './diagnostics';

export interface WorkspaceScanDeps {
  collection: vscode.DiagnosticCollection;
  diagnostics: DiagnosticFactory;
  known: () => readonly KnownSecret[];
  /** Open documents are linted from their unsaved text by the live linter: their results are dropped here. */
  isOpen: (uri: vscode.Uri) => boolean;
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
 * extension host only turns findings into diagnostics, a batch at a time.
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
          const onBatch = (results: FileResult[]) => {
            for (const r of results) applyResult(deps, folder.uri, r, s.maxChars, tally);
            const pct = tally.total ? (100 * results.length) / tally.total : 0;
            progress.report({
              message: `${tally.files} of ${tally.total} files, ${tally.findings} secrets`,
              increment: pct,
            });
          };
          await runScanWorker(
            deps.workerScript,
            {
              list: { root, options: { noIgnore: !s.skipIgnored, exclude: readFilesExclude(folder.uri) } },
              opts: { maxBytes: s.maxChars, overCap: 'truncate', relativeTo: root, knownSecrets: deps.known() },
            },
            (m) => {
              if (m.type === 'listed') tally.total += m.total;
              else if (m.type === 'results') onBatch(m.results);
            },
            abort.signal,
          );
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

/** Puts one file's findings into Problems (or clears them); open documents are left to the live linter. */
function applyResult(
  deps: WorkspaceScanDeps,
  folder: vscode.Uri,
  r: FileResult,
  maxChars: number,
  tally: { files: number; findings: number; withFindings: number },
): void {
  if (r.kind === 'skipped') return;
  tally.files++;
  const uri = vscode.Uri.joinPath(folder, ...r.path.split(/[\\/]/));
  if (deps.isOpen(uri)) return;
  if (r.findings.length === 0 && !r.truncated) {
    if (deps.collection.has(uri)) deps.collection.delete(uri);
    return;
  }
  const diagnostics = r.findings.map((f) => {
    const range = new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
    return deps.diagnostics.forFinding(range, f);
  });
  if (r.truncated) diagnostics.push(deps.diagnostics.sizeCapNote(maxChars));
  deps.collection.set(uri, diagnostics);
  if (r.findings.length) {
    tally.withFindings++;
    tally.findings += r.findings.length;
  }
}
