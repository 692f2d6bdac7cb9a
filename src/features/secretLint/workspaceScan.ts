import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { type KnownSecret, locate, scan } from '../../core/scanner/scan';
import { readScanSettings } from '../../host/config';
import type { DiagnosticFactory } from './diagnostics';
import type { GitIgnoreCache } from './gitIgnore';

/** Longest stretch the workspace scan runs before yielding to the extension host. */
const SLICE_MS = 20;

export interface WorkspaceScanDeps {
  collection: vscode.DiagnosticCollection;
  diagnostics: DiagnosticFactory;
  gitIgnore: GitIgnoreCache;
  known: () => readonly KnownSecret[];
  /** Open documents are linted from their unsaved text by the live linter: skipped here. */
  isOpen: (uri: vscode.Uri) => boolean;
  log: Logger;
}

/** Scans every workspace file in slices (the host stays responsive), fills Problems, and says what it found. */
export async function scanWorkspace(deps: WorkspaceScanDeps): Promise<{ files: number; findings: number }> {
  const s = readScanSettings();
  const title = 'Scanning the workspace for secrets';
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const uris = await vscode.workspace.findFiles('**/*', '**/{node_modules,.git}/**', undefined, token);
      let files = 0;
      let findings = 0;
      let withFindings = 0;
      const started = Date.now();
      let sliceStart = performance.now();
      let reported = 0;
      for (let i = 0; i < uris.length && !token.isCancellationRequested; i++) {
        const uri = uris[i] as vscode.Uri;
        // Work in slices of at most ~20 ms, then let the extension host handle other events.
        if (performance.now() - sliceStart > SLICE_MS) {
          const increment = ((i - reported) / uris.length) * 100;
          progress.report({ message: `${i} of ${uris.length} files, ${findings} secrets`, increment });
          reported = i;
          await new Promise((r) => setImmediate(r));
          sliceStart = performance.now();
        }
        if (deps.isOpen(uri)) continue;
        if (s.skipIgnored && (await deps.gitIgnore.isIgnored(uri.fsPath))) continue;
        let bytes: Uint8Array;
        try {
          bytes = await vscode.workspace.fs.readFile(uri);
        } catch {
          continue;
        }
        if (bytes.subarray(0, 8000).includes(0)) continue;
        const text = new TextDecoder().decode(bytes.length > s.maxChars ? bytes.subarray(0, s.maxChars) : bytes);
        files++;
        const found = scan(text, { knownSecrets: deps.known() });
        if (found.length === 0) {
          deps.collection.delete(uri);
          continue;
        }
        withFindings++;
        findings += found.length;
        // Lines and columns of every finding in one pass over the text (1-based from locate()).
        const at = locate(
          text,
          found.flatMap((f) => [f.start, f.end]),
        ).map((p) => new vscode.Position(p.line - 1, p.column - 1));
        const range = (k: number) => new vscode.Range(at[2 * k] as vscode.Position, at[2 * k + 1] as vscode.Position);
        deps.collection.set(
          uri,
          found.map((f, k) => deps.diagnostics.forFinding(range(k), f)),
        );
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const summary =
        `${token.isCancellationRequested ? 'Scan cancelled: ' : ''}${findings} secret${findings === 1 ? '' : 's'} ` +
        `in ${withFindings} of ${files} files scanned (${seconds} s).`;
      deps.log.info(`Workspace scan: ${summary}`);
      if (findings) {
        void vscode.window
          .showWarningMessage(summary, 'Show Problems')
          .then((c) => c && vscode.commands.executeCommand('workbench.actions.view.problems'));
      } else {
        void vscode.window.showInformationMessage(summary);
      }
      return { files, findings };
    },
  );
}
