import fs from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Longer patterns are dropped: no real path needs one, and the `ignore` package refuses huge ones. */
const MAX_PATTERN_CHARS = 1024;
/** An ignore file larger than this is read only this far (a real one is a few KB). */
const MAX_IGNORE_FILE_BYTES = 1024 * 1024;

/**
 * What git would ignore, told by reading `.gitignore` files (and `.git/info/exclude`) with the
 * `ignore` package, never by running git: for untrusted workspaces, files outside any workspace
 * folder, and folders outside a repository. Each folder's rules are read once, on first use.
 * Ignore files are read only when they are regular files (a link or FIFO is skipped, so none can
 * stall or redirect the read). Never throws.
 */
export class IgnoreFiles {
  private readonly rules = new Map<string, { ig: Ignore; patterns: string[] }>();

  /**
   * @param base the folder patterns are relative to (a repository's top, or the scanned folder)
   * @param gitDir the repository's git folder, for `info/exclude`
   */
  constructor(
    readonly base: string,
    private readonly gitDir?: string,
  ) {}

  /** Whether `file` (absolute, inside `base`) is ignored, by its own name or a parent folder's. */
  ignores(file: string, isDir = false): boolean {
    const rel = path.relative(this.base, file).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) return false;
    const parts = rel.split('/');
    let dirRel = '';
    for (let i = 0; i < parts.length - 1; i++) {
      const childRel = dirRel === '' ? parts[i]! : `${dirRel}/${parts[i]}`;
      if (this.test(dirRel, `${childRel}/`)) return true;
      dirRel = childRel;
    }
    return this.test(dirRel, isDir ? `${rel}/` : rel);
  }

  /**
   * Whether `childRel` (relative to `base`, a folder when it ends in '/') is ignored by the rules in
   * force in the folder `dirRel`; the caller has checked its parents. Used by the folder walk.
   */
  test(dirRel: string, childRel: string): boolean {
    try {
      return this.rulesFor(dirRel).ig.ignores(childRel);
    } catch {
      return false;
    }
  }

  private rulesFor(dirRel: string): { ig: Ignore; patterns: string[] } {
    const cached = this.rules.get(dirRel);
    if (cached) return cached;
    let inherited: string[];
    if (dirRel === '') {
      inherited = this.gitDir ? usablePatterns(readIgnoreText(path.join(this.gitDir, 'info', 'exclude')), '') : [];
    } else {
      const slash = dirRel.lastIndexOf('/');
      inherited = this.rulesFor(slash < 0 ? '' : dirRel.slice(0, slash)).patterns;
    }
    const own = usablePatterns(readIgnoreText(path.join(this.base, ...dirRel.split('/'), '.gitignore')), dirRel);
    const patterns = own.length ? [...inherited, ...own] : inherited;
    const entry = { ig: ignore().add(patterns), patterns };
    this.rules.set(dirRel, entry);
    return entry;
  }
}

/** The text of an ignore file when it is a regular file ('' otherwise): no link followed, no FIFO waited on. */
export function readIgnoreText(file: string): string {
  const flags = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);
  let fd: number | undefined;
  try {
    if (!fs.lstatSync(file).isFile()) return '';
    fd = fs.openSync(file, flags);
    if (!fs.fstatSync(fd).isFile()) return '';
    const buf = Buffer.allocUnsafe(MAX_IGNORE_FILE_BYTES);
    let n = 0;
    for (;;) {
      const r = fs.readSync(fd, buf, n, buf.length - n, null);
      if (r === 0 || (n += r) === buf.length) break;
    }
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Patterns of one ignore file made relative to `base`, without those the `ignore` package cannot take. */
function usablePatterns(text: string, dirRel: string): string[] {
  return gitignoreRelativeTo(text, dirRel).filter((p) => {
    if (p.length > MAX_PATTERN_CHARS) return false;
    try {
      ignore().add(p).ignores('x');
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Removes a line's trailing spaces and tabs, except one escaped with a backslash (as git does).
 * A loop, not a regex: `\s+$` takes time that grows with the square of a long run of spaces.
 */
export function trimIgnoreLine(line: string): string {
  let end = line.length;
  while (end > 0 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) end--;
  if (end < line.length && end > 0 && line.charCodeAt(end - 1) === 0x5c) end++;
  return line.slice(0, end);
}

/** The patterns of a nested .gitignore, rewritten to apply from the root (as git applies them). */
export function gitignoreRelativeTo(text: string, dir: string): string[] {
  const out: string[] = [];
  for (const raw of text.split('\n')) {
    const line = trimIgnoreLine(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
    if (line === '' || line.startsWith('#')) continue;
    if (dir === '') {
      out.push(line);
      continue;
    }
    const negated = line.startsWith('!');
    const pattern = negated ? line.slice(1) : line;
    // A pattern with a slash (other than at its end) is anchored to its .gitignore's folder.
    const anchored = pattern.replace(/\/$/, '').includes('/');
    const body = pattern.startsWith('/') ? pattern.slice(1) : pattern;
    out.push(`${negated ? '!' : ''}${dir}/${anchored ? '' : '**/'}${body}`);
  }
  return out;
}
