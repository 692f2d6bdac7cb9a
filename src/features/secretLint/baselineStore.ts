import * as vscode from 'vscode';
import {
  BASELINE_FILE,
  BaselineIndex,
  baselinePath,
  emptyBaseline,
  readBaselineFile,
  serializeBaseline,
} from '../../core/scanner/baseline';
import { describeError } from '../../core/errors';
import { secretHash } from '../../core/scanner/fingerprint';
import { slashPath } from '../../core/paths';
import type { Logger } from '../../core/logger';

/**
 * The `.payapi-baseline.json` of each workspace folder, as `payapi scan` reads it: findings it
 * accepts are shown as hints. Re-read when the file changes on disk; a malformed file is reported
 * once and treated as absent (findings stay errors rather than vanish).
 */
export class BaselineStore {
  private readonly cache = new Map<string, BaselineIndex | undefined>();
  private readonly warned = new Set<string>();

  constructor(
    private readonly log: Logger,
    private readonly onChanged: () => void,
  ) {}

  watch(): vscode.Disposable[] {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${BASELINE_FILE}`);
    const changed = () => {
      this.cache.clear();
      this.onChanged();
    };
    return [watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)];
  }

  private fileOf(folder: vscode.WorkspaceFolder): vscode.Uri {
    return vscode.Uri.joinPath(folder.uri, BASELINE_FILE);
  }

  /** The baseline of a workspace folder, if it has a readable one. */
  indexOf(folder: vscode.WorkspaceFolder): BaselineIndex | undefined {
    const key = folder.uri.toString();
    if (this.cache.has(key)) return this.cache.get(key);
    const file = this.fileOf(folder).fsPath;
    let index: BaselineIndex | undefined;
    try {
      const b = readBaselineFile(file);
      index = b && new BaselineIndex(b);
      this.warned.delete(key);
    } catch (e) {
      if (!this.warned.has(key)) {
        this.warned.add(key);
        const why = describeError(e);
        this.log.warn(`Baseline ${file} is ignored: ${why}`);
        void vscode.window.showWarningMessage(`${BASELINE_FILE} in ${folder.name} is ignored: ${why}`);
      }
    }
    this.cache.set(key, index);
    return index;
  }

  /** Whether a finding (its rule and secret text) in `uri` is accepted by its folder's baseline. */
  accepts(uri: vscode.Uri, ruleId: string, secret: string): boolean {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const index = folder && this.indexOf(folder);
    if (!folder || !index) return false;
    return index.has({
      ruleId,
      path: baselinePath(folder.uri.fsPath, uri.fsPath),
      secretHash: secretHash(index.salt, ruleId, secret),
    });
  }

  /** Same, for a finding scanned elsewhere with the folder's salt (the workspace scan's worker). */
  acceptsHash(folder: vscode.WorkspaceFolder, relPath: string, ruleId: string, hash: string | undefined): boolean {
    const index = this.indexOf(folder);
    return !!index && hash !== undefined && index.has({ ruleId, path: slashPath(relPath), secretHash: hash });
  }

  /** Adds a finding to its folder's baseline (creating the file), as `payapi baseline` would write it. */
  async accept(uri: vscode.Uri, ruleId: string, secret: string): Promise<vscode.Uri> {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) throw new Error('Only files in a workspace folder can be baselined: open the folder first.');
    const file = this.fileOf(folder);
    const baseline = readBaselineFile(file.fsPath) ?? emptyBaseline();
    const entry = {
      ruleId,
      path: baselinePath(folder.uri.fsPath, uri.fsPath),
      secretHash: secretHash(baseline.salt, ruleId, secret),
    };
    const next = { ...baseline, entries: [...baseline.entries, entry] };
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(serializeBaseline(next)));
    this.cache.delete(folder.uri.toString());
    this.onChanged();
    return file;
  }
}
