import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { AppError, ErrorCodes } from '../errors';

/**
 * Which files a scan reads, the same way for `payapi scan` and the editor's workspace scan: inside a
 * git repository, what git tracks or would track (one `git ls-files` call: tracked plus untracked
 * files that are not ignored); outside one, every file under the folder except what its
 * .gitignore files exclude (read with the `ignore` package).
 */
export interface FileListOptions {
  /** List ignored files too. */
  noIgnore?: boolean;
  /** Further exclusions, gitignore-style (the editor passes `files.exclude`), relative to the root. */
  exclude?: readonly string[];
}

export interface FileList {
  /** Absolute paths. */
  files: string[];
  /** How the list was made: 'git', 'gitignore' (walked with .gitignore rules) or 'all'. */
  source: 'git' | 'gitignore' | 'all';
}

const SKIP_DIRS = new Set(['.git', '.hg', '.svn']);

/** Runs git and returns its output, or undefined when git fails or is missing. */
export function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 512 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

/** Whether `dir` is inside a git work tree. */
export function inGitRepository(dir: string): boolean {
  return git(['rev-parse', '--is-inside-work-tree'], dir)?.trim() === 'true';
}

/**
 * The files to scan under `root` (a folder or one file). Throws ERR_IO when `root` does not exist.
 *
 * @example
 * listFiles('.', { exclude: ['**\/dist'] }).files.length
 */
export function listFiles(root: string, opts: FileListOptions = {}): FileList {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(root);
  } catch {
    throw new AppError(ErrorCodes.io, `${root}: no such file or folder`);
  }
  if (stat.isFile()) return { files: [path.resolve(root)], source: 'all' };
  const abs = path.resolve(root);
  const exclude = opts.exclude?.length ? ignore().add([...opts.exclude]) : undefined;
  const keep = (rel: string) => !exclude?.ignores(rel);
  if (!opts.noIgnore && inGitRepository(abs)) {
    const listed = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], abs) ?? '';
    // A tracked file deleted from the working tree is still listed: it is skipped when read.
    const files = listed
      .split('\0')
      .filter((rel) => rel !== '' && keep(rel))
      .map((rel) => `${abs}${path.sep}${rel}`);
    return { files, source: 'git' };
  }
  const files: string[] = [];
  walk(abs, '', opts.noIgnore ? undefined : ignore(), keep, files);
  return { files, source: opts.noIgnore ? 'all' : 'gitignore' };
}

/** Walks `dir`, applying each folder's .gitignore (its patterns made relative to the root). */
function walk(
  dir: string,
  rel: string,
  rules: Ignore | undefined,
  keep: (rel: string) => boolean,
  out: string[],
): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  if (rules && entries.some((e) => e.name === '.gitignore' && e.isFile())) {
    rules.add(gitignoreRelativeTo(readText(`${dir}${path.sep}.gitignore`), rel));
  }
  for (const e of entries) {
    // Plain concatenation: path.join normalises every name, which costs more than the scan of most files.
    const childRel = rel === '' ? e.name : `${rel}/${e.name}`;
    const child = `${dir}${path.sep}${e.name}`;
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || rules?.ignores(`${childRel}/`) || !keep(`${childRel}/`)) continue;
      walk(child, childRel, rules, keep, out);
    } else if (e.isFile() && !rules?.ignores(childRel) && keep(childRel)) {
      out.push(child);
    }
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The patterns of a nested .gitignore, rewritten to apply from the root (as git applies them). */
export function gitignoreRelativeTo(text: string, dir: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (dir === '') {
      out.push(line);
      continue;
    }
    const negated = line.startsWith('!');
    const pattern = negated ? line.slice(1) : line;
    // A pattern with a slash (other than at its end) is anchored to its .gitignore's folder.
    const anchored = pattern.replace(/\/$/, '').includes('/');
    const body = pattern.replace(/^\//, '');
    out.push(`${negated ? '!' : ''}${dir}/${anchored ? '' : '**/'}${body}`);
  }
  return out;
}

/** What reading a file for a scan gave. */
export type ReadResult =
  | { kind: 'text'; bytes: Buffer; truncated: boolean }
  | { kind: 'skipped'; why: 'binary' | 'too large' | 'unreadable'; detail?: string };

/** Whether bytes read from a file are binary: a NUL byte in the first 8,000 (as git decides). */
export function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

/** One buffer reused for every file that fits: no allocation (or garbage) per file. */
export class FileReader {
  private scratch = Buffer.allocUnsafe(4 * 1024 * 1024);

  /**
   * Reads a file for scanning. Over `maxBytes` it is skipped (`overCap: 'skip'`, the CLI) or only
   * its first `maxBytes` are read (`'truncate'`, the editor); a NUL byte in the first 8,000 bytes
   * marks it binary. The bytes are valid until the next read.
   */
  read(file: string, maxBytes: number, overCap: 'skip' | 'truncate'): ReadResult {
    let fd: number;
    try {
      fd = fs.openSync(file, 'r');
    } catch (e) {
      return { kind: 'skipped', why: 'unreadable', detail: (e as { code?: string }).code ?? 'error' };
    }
    try {
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
