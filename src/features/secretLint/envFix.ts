import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { appendEnv, envLookup, envNameFor, gitignoreCoversEnv, quotedSpan } from '../../core/scanner/fixes';

async function readText(uri: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return '';
  }
}

/**
 * Replaces the quoted literal at `range` with an environment lookup, appends NAME=value to the
 * folder's .env (a new name when NAME holds another value) and keeps .env out of git.
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
  const envUri = vscode.Uri.joinPath(folder.uri, '.env');
  const env = await readText(envUri);
  let varName = name;
  for (let i = 2; new RegExp(`^${varName}=`, 'm').test(env) && !env.includes(`${varName}=${secret}`); i++) {
    varName = `${name}_${i}`;
  }
  const edit = new vscode.WorkspaceEdit();
  const literal = new vscode.Range(doc.positionAt(span.start), doc.positionAt(span.end));
  edit.replace(uri, literal, envLookup(doc.languageId, varName) ?? name);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage('The file changed meanwhile; try the fix again.');
    return;
  }
  if (!env.includes(`${varName}=${secret}`)) {
    await vscode.workspace.fs.writeFile(envUri, new TextEncoder().encode(appendEnv(env, varName, secret)));
  }
  const giUri = vscode.Uri.joinPath(folder.uri, '.gitignore');
  const gi = await readText(giUri);
  if (!gitignoreCoversEnv(gi)) {
    const sep = gi === '' || gi.endsWith('\n') ? '' : '\n';
    await vscode.workspace.fs.writeFile(giUri, new TextEncoder().encode(`${gi}${sep}.env\n`));
  }
  log.info(`Moved a ${ruleId} secret from ${vscode.workspace.asRelativePath(uri)} to .env as ${varName}`);
  void vscode.window.showInformationMessage(
    `Moved the secret to .env as ${varName} (.env is git-ignored). If it was ever committed, rotate it.`,
  );
}
