import * as vscode from 'vscode';
import { ErrorCodes, isAppError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import {
  type TextTarget,
  checkWriteTarget,
  kindOfFileType,
  openTextTarget,
  readRegularText,
} from '../../core/runtimeEnv/envFile';
import { appendEnv, envLookup, envNameFor, gitignoreCoversEnv, quotedSpan } from '../../core/scanner/fixes';

/**
 * A file of the workspace folder opened to be added to: on disk through openTextTarget (no links,
 * FIFOs or devices; a new file gets `mode`); elsewhere through workspace.fs, after the same check
 * on what `stat` reports.
 */
async function openTarget(uri: vscode.Uri, folder: vscode.Uri, mode: number): Promise<TextTarget> {
  if (uri.scheme === 'file' && folder.scheme === 'file') return openTextTarget(uri.fsPath, folder.fsPath, { mode });
  let type: number | undefined;
  try {
    type = (await vscode.workspace.fs.stat(uri)).type;
  } catch (e) {
    if (!(e instanceof vscode.FileSystemError && e.code === 'FileNotFound')) throw e;
  }
  checkWriteTarget({ path: uri.toString(true), kind: type === undefined ? 'missing' : kindOfFileType(type) });
  const text = type === undefined ? '' : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  return {
    text,
    write: (next) => Promise.resolve(vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(next))),
  };
}

/** The folder's .gitignore to add `.env` to, or undefined when it already ignores .env (a linked one may). */
async function openGitignore(uri: vscode.Uri, folder: vscode.Uri): Promise<TextTarget | undefined> {
  try {
    const gi = await openTarget(uri, folder, 0o666);
    return gitignoreCoversEnv(gi.text) ? undefined : gi;
  } catch (e) {
    // A linked .gitignore is never written to, but one that already ignores .env will do.
    const covered =
      isAppError(e, ErrorCodes.unsupported) &&
      uri.scheme === 'file' &&
      gitignoreCoversEnv(await readRegularText(uri.fsPath));
    if (covered) return undefined;
    throw e;
  }
}

/**
 * Replaces the quoted literal at `range` with an environment lookup, appends NAME=value to the
 * folder's .env (a new name when NAME holds another value; a new .env is created 0600) and keeps
 * .env out of git. A .env (or .gitignore) that is a symbolic link, a FIFO or a device, or sits in a
 * folder leading outside the workspace folder, is refused before anything changes.
 */
export async function fixWithEnv(uri: vscode.Uri, range: vscode.Range, ruleId: string, log: Logger): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showErrorMessage('Open a folder first: the secret goes to the .env file at its root.');
    return;
  }
  const span = quotedSpan(doc.getText(), doc.offsetAt(range.start), doc.offsetAt(range.end));
  const name = envNameFor(ruleId);
  if (!span || !envLookup(doc.languageId, name)) return;
  const secret = doc.getText(range);
  const env = await openTarget(vscode.Uri.joinPath(folder.uri, '.env'), folder.uri, 0o600);
  const gi = await openGitignore(vscode.Uri.joinPath(folder.uri, '.gitignore'), folder.uri);
  let varName = name;
  for (let i = 2; new RegExp(`^${varName}=`, 'm').test(env.text) && !env.text.includes(`${varName}=${secret}`); i++) {
    varName = `${name}_${i}`;
  }
  // .env first: if the edit then fails, trying again finds NAME=value there and reuses it.
  if (!env.text.includes(`${varName}=${secret}`)) await env.write(appendEnv(env.text, varName, secret));
  if (gi) await gi.write(`${gi.text}${gi.text === '' || gi.text.endsWith('\n') ? '' : '\n'}.env\n`);
  const edit = new vscode.WorkspaceEdit();
  const literal = new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
  edit.replace(uri, literal, envLookup(doc.languageId, varName) ?? name);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('The file changed meanwhile; try the fix again.');
    return;
  }
  log.info(`Moved a ${ruleId} secret from ${vscode.workspace.asRelativePath(uri)} to .env as ${varName}`);
  void vscode.window.showInformationMessage(
    `Moved the secret to .env as ${varName} (.env is git-ignored). If it was ever committed, rotate it.`,
  );
}
