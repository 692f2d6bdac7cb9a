import path from 'node:path';
import * as vscode from 'vscode';
import { IgnoreFiles } from '../core/git/ignoreFiles';
import { type GitRepository, findRepository } from '../core/git/repository';
import { runGitAsync } from '../core/git/run';

/**
 * Where the editor may run git, as VS Code's own git extension decides: only in a trusted
 * workspace, only for files inside a workspace folder, and only for a repository at or below that
 * folder (never one above it). Returns undefined otherwise: callers then read ignore files instead.
 */
export function gitRepositoryFor(uri: vscode.Uri): GitRepository | undefined {
  if (!vscode.workspace.isTrusted || uri.scheme !== 'file') return undefined;
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  return findRepository(path.dirname(uri.fsPath), { ceiling: folder.uri.fsPath });
}

/** Whether the editor may run git for the files of a workspace folder (trusted, on disk). */
export function mayRunGitIn(folder: vscode.WorkspaceFolder): boolean {
  return vscode.workspace.isTrusted && folder.uri.scheme === 'file';
}

/**
 * Whether git ignores a file, cached per path until `clear()`. Where git may run
 * ({@link gitRepositoryFor}) git itself is asked (`check-ignore`, through the one safe runner);
 * elsewhere the ignore files are read: from the repository's top when one holds the file (found by
 * reading, not by running git), else from the workspace folder, else from the file's own folder.
 */
export class GitIgnoreCache {
  private readonly cache = new Map<string, Promise<boolean>>();
  private readonly readers = new Map<string, IgnoreFiles>();

  isIgnored(file: string): Promise<boolean> {
    let p = this.cache.get(file);
    if (!p) {
      p = this.ask(file);
      this.cache.set(file, p);
    }
    return p;
  }

  clear(): void {
    this.cache.clear();
    this.readers.clear();
  }

  private async ask(file: string): Promise<boolean> {
    const uri = vscode.Uri.file(file);
    const repo = gitRepositoryFor(uri);
    if (repo) {
      const rel = path.relative(repo.top, file).split(path.sep).join('/');
      // Exit 0: ignored. 1: not ignored. Anything else (git missing, a broken repository): not ignored.
      const r = await runGitAsync(repo, ['check-ignore', '-q', '--', rel]);
      return r.code === 0;
    }
    return this.readerFor(uri).ignores(file);
  }

  private readerFor(uri: vscode.Uri): IgnoreFiles {
    const dir = path.dirname(uri.fsPath);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const found = findRepository(dir);
    const base = found?.top ?? (folder?.uri.scheme === 'file' ? folder.uri.fsPath : dir);
    let reader = this.readers.get(base);
    if (!reader) {
      reader = new IgnoreFiles(base, found?.gitDir);
      this.readers.set(base, reader);
    }
    return reader;
  }
}
