import fs from 'node:fs';
import path from 'node:path';
import ignore from 'ignore';
import { AppError, ErrorCodes } from '../errors';
import { shownPath } from '../text/pathArg';
import { IgnoreFiles } from '../git/ignoreFiles';
import { type GitRepository, findRepository } from '../git/repository';
import { literalPath, runGitBytes } from '../git/run';

export { gitignoreRelativeTo } from '../git/ignoreFiles';

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
}

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
  if (stat.isFile()) return { files: [path.resolve(root)], source: 'all' };
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
  if (opts.noIgnore) {
    walk(abs, '', undefined, keep, files);
    return { files, source: 'all' };
  }
  const gitRepo = opts.git === 'never' ? undefined : findRepository(abs, { ceiling: opts.ceiling });
  if (gitRepo) {
    const listed = listWithGit(gitRepo, abs, keep);
    if (listed) return { files: listed, source: 'git' };
  }
  // Ignore files are only read (never run), so the repository above a ceiling still lends its rules:
  // patterns are relative to its top when there is one, else to the root.
  const repo = gitRepo ?? findRepository(abs);
  const base = repo?.top ?? abs;
  const rules = new IgnoreFiles(base, repo?.gitDir);
  const prefix = path.relative(base, abs).split(path.sep).join('/');
  if (prefix !== '' && rules.ignores(abs, true)) return { files, source: 'gitignore' };
  walk(abs, '', { rules, prefix }, keep, files);
  return { files, source: 'gitignore' };
}

/** One `git ls-files` call: tracked plus untracked, not ignored; undefined when git fails. */
function listWithGit(repo: GitRepository, abs: string, keep: (rel: string) => boolean): FilePath[] | undefined {
  const sub = path.relative(repo.top, abs).split(path.sep).join('/');
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
  const topBytes = Buffer.from(`${repo.top}${path.sep}`);
  // A tracked file deleted from the working tree is still listed: it is skipped when read.
  for (let at = 0; at < listed.length;) {
    let end = listed.indexOf(0, at);
    if (end < 0) end = listed.length;
    const bytes = listed.subarray(at, end);
    at = end + 1;
    if (bytes.length === 0) continue;
    const topRel = bytes.toString('utf8');
    const rel = sub === '' ? topRel : topRel.slice(sub.length + 1);
    const file = `${repo.top}${path.sep}${topRel.split('/').join(path.sep)}`;
    if (!keep(rel) || !inside.holds(path.dirname(file))) continue;
    // A name that is not UTF-8 is kept as its bytes, so it is read rather than silently missed.
    files.push(isUtf8(bytes, topRel) ? file : Buffer.concat([topBytes, bytes]));
  }
  return files;
}

/**
 * Whether folders are really inside a root once links are resolved, asked once per folder: git
 * lists paths from its index, and a folder on the way may have become a link to elsewhere.
 */
class InsideRoot {
  private readonly real: string;
  private readonly seen = new Map<string, boolean>();

  constructor(root: string) {
    this.real = realpathOr(root);
  }

  holds(dir: string): boolean {
    let ok = this.seen.get(dir);
    if (ok === undefined) {
      const real = realpathOr(dir);
      ok = real === this.real || real.startsWith(this.real.endsWith(path.sep) ? this.real : this.real + path.sep);
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
  out: FilePath[],
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
    } else if (e.isFile() && !ignored?.rules.test(dirAt, at(childRel)) && keep(childRel)) {
      out.push(child);
    }
  }
  if (oddNames) walkOddNames(dir, rel, (r) => !!ignored?.rules.test(dirAt, at(r)) || !keep(r), out);
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

/** What reading a file for a scan gave. */
export type ReadResult =
  | { kind: 'text'; bytes: Buffer; truncated: boolean }
  | { kind: 'skipped'; why: 'binary' | 'too large' | 'unreadable' | 'not a regular file'; detail?: string };

/** Whether bytes read from a file are binary: a NUL byte in the first 8,000 (as git decides). */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** O_NOFOLLOW where the platform has it (not Windows: there the file is checked with lstat first). */
const NO_FOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const READ_FLAGS = fs.constants.O_RDONLY | NO_FOLLOW | (fs.constants.O_NONBLOCK ?? 0);

/**
 * One buffer reused for every file that fits: no allocation (or garbage) per file. Only regular
 * files are read: a symbolic link, FIFO, socket or device is skipped as 'not a regular file'.
 */
export class FileReader {
  private scratch = Buffer.allocUnsafe(4 * 1024 * 1024);

  /**
   * Reads a file for scanning. Over `maxBytes` it is skipped (`overCap: 'skip'`, the CLI) or only
   * its first `maxBytes` are read (`'truncate'`, the editor); a NUL byte in the first 8,000 bytes
   * marks it binary. The bytes are valid until the next read.
   */
  read(file: FilePath, maxBytes: number, overCap: 'skip' | 'truncate'): ReadResult {
    let fd: number;
    try {
      // No link is followed at the last step (ELOOP), and a FIFO or device does not block the open.
      if (!NO_FOLLOW && !fs.lstatSync(file).isFile()) return { kind: 'skipped', why: 'not a regular file' };
      fd = fs.openSync(file, READ_FLAGS);
    } catch (e) {
      const code = (e as { code?: string }).code ?? 'error';
      if (code === 'ELOOP' || code === 'EMLINK') return { kind: 'skipped', why: 'not a regular file', detail: 'link' };
      return { kind: 'skipped', why: 'unreadable', detail: code };
    }
    try {
      if (!fs.fstatSync(fd).isFile()) return { kind: 'skipped', why: 'not a regular file' };
      // Read up to one byte past the cap (no stat call): a full buffer means the file is larger.
      const want = maxBytes + 1;
      let n = 0;
      for (;;) {
        if (n === this.scratch.length) {
          if (n >= want) break;
          const bigger = Buffer.allocUnsafe(Math.min(want, this.scratch.length * 2));
          this.scratch.copy(bigger, 0, 0, n);
          this.scratch = bigger;
        }
        const r = fs.readSync(fd, this.scratch, n, Math.min(this.scratch.length, want) - n, null);
        if (r === 0) break;
        n += r;
        if (n >= want) break;
      }
      const over = n > maxBytes;
      if (over && overCap === 'skip') return { kind: 'skipped', why: 'too large' };
      const bytes = this.scratch.subarray(0, Math.min(n, maxBytes));
      if (isBinary(bytes)) return { kind: 'skipped', why: 'binary' };
      return { kind: 'text', bytes, truncated: over };
    } catch (e) {
      return { kind: 'skipped', why: 'unreadable', detail: (e as { code?: string }).code ?? 'error' };
    } finally {
      fs.closeSync(fd);
    }
  }
}
