// A cloned repository that tries to make git run its commands, built at run time (never committed):
// its .git/config carries an fsmonitor command and more, and it holds an embedded repository
// (evil/HEAD, evil/config, evil/objects, evil/refs) whose config carries one too. If any of them
// ever runs, it appends a line to the marker file.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../../src/ids';
import { helcimToken } from '../unit/fixtures';
import { waitFor } from './helpers';

/** Our diagnostics on a file. */
export const ours = (uri: vscode.Uri) =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Payment API Toolkit');

export interface HostileRepo {
  dir: string;
  marker: string;
  /** Tracked files holding a Helcim token, relative to `dir`. */
  leaky: string[];
  /** A file the repository's .gitignore ignores (holding a token too). */
  ignored: string;
  /** What ran, if anything. */
  ran(): string;
}

const plant = (marker: string, what: string) => `echo ${what} >> '${marker}'; false`;

/** Builds the hostile repository in `parent/name`; the marker sits beside it. */
export function buildHostileRepo(parent: string, name = 'hostile'): HostileRepo {
  const dir = path.join(parent, name);
  const marker = path.join(parent, `${name}.RAN`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(marker, { force: true });
  const git = (...args: string[]) =>
    execFileSync(
      'git',
      [
        '-c',
        'core.fsmonitor=false',
        '-c',
        'core.hooksPath=/dev/null',
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@x.test',
        ...args,
      ],
      { cwd: dir, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }, stdio: 'ignore' },
    );
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
  fs.mkdirSync(dir, { recursive: true });
  git('init', '-q');
  const leaky = ['app.env', 'evil/src/leak.env'];
  for (const rel of leaky) write(rel, `HELCIM_API_TOKEN=${helcimToken()}\n`);
  write('.gitignore', 'ignored.env\n');
  write('evil/HEAD', 'ref: refs/heads/main\n');
  write('evil/config', `[core]\n\tbare = false\n\tworktree = .\n\tfsmonitor = "${plant(marker, 'EMBEDDED')}"\n`);
  write('evil/refs/heads/.keep', '');
  write('evil/objects/.keep', '');
  git('add', '.');
  git('commit', '-q', '-m', 'hostile');
  write('ignored.env', `HELCIM_API_TOKEN=${helcimToken()}\n`);
  for (const [k, v] of [
    ['core.fsmonitor', plant(marker, 'FSMONITOR')],
    ['log.showSignature', 'true'],
    ['gpg.program', plant(marker, 'GPG')],
    ['core.pager', plant(marker, 'PAGER')],
  ] as const)
    git('config', k, v);
  return {
    dir,
    marker,
    leaky,
    ignored: 'ignored.env',
    ran: () => (fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8') : ''),
  };
}

/**
 * Opens the repository's leaky files (one inside the embedded repository) and its ignored one:
 * the leaky ones get findings, the ignored one none, and nothing the repository configured runs.
 */
export async function expectOpenedFilesLinted(repo: HostileRepo, idle: () => Promise<void>): Promise<void> {
  for (const rel of repo.leaky) {
    const doc = await vscode.workspace.openTextDocument(path.join(repo.dir, rel));
    await vscode.window.showTextDocument(doc);
    await waitFor(() => ours(doc.uri).length > 0, `a finding in ${rel}`);
  }
  const ignored = await vscode.workspace.openTextDocument(path.join(repo.dir, repo.ignored));
  await vscode.window.showTextDocument(ignored);
  await idle();
  assert.equal(ours(ignored.uri).length, 0, 'its .gitignore is honoured');
  assert.equal(repo.ran(), '', 'a command the repository configured ran');
}

/**
 * Runs the workspace scan over files no editor has opened (open ones are left to the live linter):
 * a new leaky file is flagged, a new ignored one is not, and nothing the repository configured runs.
 */
export async function expectWorkspaceScanSafe(repo: HostileRepo): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const fresh = path.join(repo.dir, 'evil', 'fresh.env');
  const ignored = path.join(repo.dir, 'sub', 'ignored.env');
  fs.mkdirSync(path.dirname(ignored), { recursive: true });
  fs.writeFileSync(fresh, `HELCIM_API_TOKEN=${helcimToken()}\n`);
  fs.writeFileSync(ignored, `HELCIM_API_TOKEN=${helcimToken()}\n`);
  const r = await vscode.commands.executeCommand<{ files: number }>(Commands.scanWorkspace);
  assert.ok(r && r.files > 0, JSON.stringify(r));
  assert.ok(ours(vscode.Uri.file(fresh)).length > 0, 'a file the scan alone read is flagged');
  assert.equal(ours(vscode.Uri.file(ignored)).length, 0, 'its .gitignore is honoured');
  assert.equal(repo.ran(), '', 'a command the repository configured ran');
}
