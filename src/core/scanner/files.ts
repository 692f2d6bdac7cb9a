import fs from 'node:fs';
import path, { type PlatformPath } from 'node:path';
import ignore from 'ignore';
import { AppError, ErrorCodes } from '../errors';
import { isWithin, slashRelative, underTop } from '../paths';
import { shownPath } from '../text/pathArg';
import { IgnoreFiles } from '../git/ignoreFiles';
import { type GitRepository, findRepository } from '../git/repository';
import { literalPath, runGit, runGitBytes } from '../git/run';
import { isEnvFile } from './fileContext';

export { gitignoreRelativeTo } from '../git/ignoreFiles';
export { FileReader, type ReadResult, isBinary } from './fileReader';

/**
 * Which files a scan reads, the same way for `payapi scan` and the editor's workspace scan: inside a
 * git repository, what git tracks or would track (one `git ls-files` call: tracked plus untracked
 * files that are not ignored); outside one, or where git may not run, every file under the folder
 * except what its .gitignore files exclude (read with the `ignore` package).
 */
export interface FileListOptions {
  /** List ignored files too. */
  noIgnore?: boolean;
  /** Further exclusions, gitignore-style (the editor passes `files.exclude`), relative to the root. */
  exclude?: readonly string[];
  /**
   * 'never': run no git at all (an untrusted workspace); ignore files are read instead. Default
   * 'auto': git lists the files when the root is in a repository.
   */
  git?: 'auto' | 'never';
  /** The highest folder a repository is looked for in (the editor's workspace folder). */
  ceiling?: string;
}

/**
 * A file's absolute path: a string, or its exact bytes when its name is not valid UTF-8 (a string
 * cannot name such a file: Node would encode it differently and open nothing).
 */
export type FilePath = string | Buffer;

/** A path for people and reports: the bytes decoded, with U+FFFD where they are not UTF-8. */
export function pathText(p: FilePath): string {
  return typeof p === 'string' ? p : p.toString('utf8');
}

export interface FileList {
  /** Absolute paths. */
  files: FilePath[];
  /** How the list was made: 'git', 'gitignore' (walked with .gitignore rules) or 'all'. */
  source: 'git' | 'gitignore' | 'all';
  /**
   * The `.env` files git ignores, outside ignored folders (where bundlers read them): scanned by
   * the rules that look for secrets under public names only ({@link isEnvFile}). Listed when asked
   * for: in a repository that is a second git call, which a scan makes once its other threads have
   * their files (they start on those meanwhile).
   */
  ignoredEnv: () => FilePath[];
}

/** {@link FileList.ignoredEnv} for a list already made. */
const made = (files: FilePath[]) => () => files;

const SKIP_DIRS = new Set(['.git', '.hg', '.svn']);

/**
 * The files to scan under `root` (a folder or one file). Throws ERR_IO when `root` does not exist,
 * is neither a file nor a folder (a FIFO, a device), or is a folder that cannot be read. Files a
 * repository lists behind a symbolic link to a folder outside the root are left out.
 *
 * @example
 * listFiles('.', { exclude: ['**\/dist'] }).files.length
 */
export function listFiles(root: string, opts: FileListOptions = {}): FileList {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new AppError(ErrorCodes.io, `${shownPath(root)}: no such file or folder`);
  }
  if (stat.isFile()) return { files: [path.resolve(root)], source: 'all', ignoredEnv: made([]) };
  if (!stat.isDirectory())
    throw new AppError(ErrorCodes.io, `${shownPath(root)}: neither a file nor a folder; nothing to scan`);
  const abs = path.resolve(root);
  try {
    fs.accessSync(abs, fs.constants.R_OK | fs.constants.X_OK);
  } catch (e) {
    throw new AppError(
      ErrorCodes.io,
      `${shownPath(root)}: cannot read this folder (${(e as { code?: string }).code ?? 'error'})`,
    );
  }
  const exclude = opts.exclude?.length ? ignore().add([...opts.exclude]) : undefined;
  const keep = (rel: string) => !exclude?.ignores(rel);
  const files: FilePath[] = [];
  const ignoredEnv: FilePath[] = [];
  if (opts.noIgnore) {
    walk(abs, '', undefined, keep, { files, ignoredEnv });
    return { files, source: 'all', ignoredEnv: made(ignoredEnv) };
  }
  const gitRepo = opts.git === 'never' ? undefined : findRepository(abs, { ceiling: opts.ceiling });
  if (gitRepo) {
    const listed = listWithGit(gitRepo, abs, keep);
    if (listed) {
      let env: FilePath[] | undefined;
      return { files: listed, source: 'git', ignoredEnv: () => (env ??= ignoredEnvWithGit(gitRepo, abs, keep)) };
    }
  }
  // Ignore files are only read (never run), so the repository above a ceiling still lends its rules:
  // patterns are relative to its top when there is one, else to the root.
  const repo = gitRepo ?? findRepository(abs);
  const base = repo?.top ?? abs;
  const rules = new IgnoreFiles(base, repo?.gitDir);
  const prefix = slashRelative(base, abs);
  if (prefix !== '' && rules.ignores(abs, true)) return { files, source: 'gitignore', ignoredEnv: made(ignoredEnv) };
  walk(abs, '', { rules, prefix }, keep, { files, ignoredEnv });
  return { files, source: 'gitignore', ignoredEnv: made(ignoredEnv) };
}

/** Characters `:(glob)` pathspecs give a meaning, escaped so a folder's name matches only itself. */
const escapeGlob = (s: string) => s.replace(/[*?[\\]/g, '\\$&');

/**
 * The ignored `.env` files under `abs`, not inside an ignored folder (`--directory` names such a
 * folder instead of listing what it holds: `node_modules/` is not walked); [] when git fails.
 */
function ignoredEnvWithGit(repo: GitRepository, abs: string, keep: (rel: string) => boolean): FilePath[] {
  const sub = slashRelative(repo.top, abs);
  const spec = `:(glob)${sub ? `${escapeGlob(sub)}/` : ''}**/.env*`;
  const listed = runGit(repo, [
    'ls-files',
    '-z',
    '--others',
    '--ignored',
    '--exclude-standard',
    '--directory',
    '--',
    spec,
  ]);
  if (listed === undefined) return [];
  const inside = new InsideRoot(abs);
  const out: FilePath[] = [];
  for (const topRel of listed.split('\0')) {
    if (!topRel || topRel.endsWith('/') || !isEnvFile(topRel)) continue;
    const rel = sub === '' ? topRel : topRel.slice(sub.length + 1);
    const file = underTop(repo.top, topRel);
    if (keep(rel) && inside.holds(path.dirname(file))) out.push(file);
  }
  return out;
}

/** One `git ls-files` call: tracked plus untracked, not ignored; undefined when git fails. */
function listWithGit(repo: GitRepository, abs: string, keep: (rel: string) => boolean): FilePath[] | undefined {
  const sub = slashRelative(repo.top, abs);
  const listed = runGitBytes(repo, [
    'ls-files',
    '-z',
    '--cached',
    '--others',
    '--exclude-standard',
    '--',
    literalPath(sub || '.'),
  ]);
  if (listed === undefined) return undefined;
  const inside = new InsideRoot(abs);
  const files: FilePath[] = [];
  const topBytes = Buffer.from(underTop(repo.top, ''));
  // A tracked file deleted from the working tree is still listed: it is skipped when read.
  for (let at = 0; at < listed.length;) {
    let end = listed.indexOf(0, at);
    if (end < 0) end = listed.length;
    const bytes = listed.subarray(at, end);
    at = end + 1;
    if (bytes.length === 0) continue;
    const topRel = bytes.toString('utf8');
    const rel = sub === '' ? topRel : topRel.slice(sub.length + 1);
    const file = underTop(repo.top, topRel);
    if (!keep(rel) || !inside.holds(path.dirname(file))) continue;
    // A name that is not UTF-8 is kept as its bytes, so it is read rather than silently missed.
    files.push(isUtf8(bytes, topRel) ? file : Buffer.concat([topBytes, bytes]));
  }
  return files;
}

/**
 * Whether folders are really inside a root once links are resolved, asked once per folder: git
 * lists paths from its index, and a folder on the way may have become a link to elsewhere. The
 * path implementation and `realpath` are parameters for tests (Windows paths on any machine).
 */
export class InsideRoot {
  private readonly real: string;
  private readonly seen = new Map<string, boolean>();

  constructor(
    root: string,
    private readonly sys: { path: PlatformPath; realpath: (p: string) => string } = { path, realpath: realpathOr },
  ) {
    this.real = sys.realpath(root);
  }

  holds(dir: string): boolean {
    let ok = this.seen.get(dir);
    if (ok === undefined) {
      ok = isWithin(this.real, this.sys.realpath(dir), this.sys.path);
      this.seen.set(dir, ok);
    }
    return ok;
  }
}

function realpathOr(p: string): string {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return p;
  }
}

/**
 * Walks `dir`, applying the ignore rules in force in each folder. Symbolic links are neither
 * followed nor listed, and only regular files are listed.
 */
function walk(
  dir: string,
  rel: string,
  ignored: { rules: IgnoreFiles; prefix: string } | undefined,
  keep: (rel: string) => boolean,
  out: { files: FilePath[]; ignoredEnv: FilePath[] },
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  const at = (r: string) =>
    ignored && ignored.prefix !== '' ? (r === '' ? ignored.prefix : `${ignored.prefix}/${r}`) : r;
  const dirAt = at(rel);
  let oddNames = false;
  for (const e of entries) {
    // Plain concatenation: path.join normalises every name, which costs more than the scan of most files.
    const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
    const child = `${dir}${path.sep}${e.name}`;
    if (e.name.includes('\uFFFD')) {
      oddNames = true;
      continue;
    }
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || ignored?.rules.test(dirAt, `${at(childRel)}/`) || !keep(`${childRel}/`)) continue;
      walk(child, childRel, ignored, keep, out);
    } else if (e.isFile() && keep(childRel)) {
      if (!ignored?.rules.test(dirAt, at(childRel))) out.files.push(child);
      else if (isEnvFile(e.name)) out.ignoredEnv.push(child);
    }
  }
  if (oddNames) walkOddNames(dir, rel, (r) => !!ignored?.rules.test(dirAt, at(r)) || !keep(r), out.files);
}

/**
 * The files of `dir` whose names hold U+FFFD once decoded: most are names that are not UTF-8,
 * listed by their bytes so they are read, not silently missed. (Folders with such names are not
 * entered.)
 */
function walkOddNames(dir: string, rel: string, skip: (rel: string) => boolean, out: FilePath[]): void {
  let entries: fs.Dirent<Buffer>[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch {
    return;
  }
  const dirBytes = Buffer.from(`${dir}${path.sep}`);
  for (const e of entries) {
    const name = e.name.toString('utf8');
    if (!name.includes('\uFFFD') || !e.isFile()) continue;
    const childRel = rel === '' ? name : `${rel}/${name}`;
    if (skip(childRel)) continue;
    out.push(isUtf8(e.name, name) ? `${dir}${path.sep}${name}` : Buffer.concat([dirBytes, e.name]));
  }
}

/** Whether `bytes` are valid UTF-8 (`text` is their decoding). */
function isUtf8(bytes: Buffer, text: string): boolean {
  return !text.includes('\uFFFD') || Buffer.from(text, 'utf8').equals(bytes);
}
