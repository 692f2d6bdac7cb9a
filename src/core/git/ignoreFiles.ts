import path, { type PlatformPath } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { isWithin, slashRelative } from '../paths';
import { readSmallFile } from '../readSmallFile';

/** Longer patterns are dropped: no real path needs one, and the `ignore` package refuses huge ones. */
const MAX_PATTERN_CHARS = 1024;
/** An ignore file is read this far (real ones are a few KB; every pattern is tried on every path). */
const MAX_IGNORE_FILE_BYTES = 64 * 1024;
/** Patterns taken from one ignore file, for the same reason. */
const MAX_PATTERNS_PER_FILE = 2_000;

/** One ignore file's patterns, compiled once. */
type Rules = Ignore | undefined;

/**
 * What git would ignore, told by reading `.gitignore` files (and `.git/info/exclude`) with the
 * `ignore` package, never by running git: for untrusted workspaces, files outside any workspace
 * folder, and folders outside a repository. Each ignore file is read and compiled once, on first
 * use, and is bounded in size and pattern count, so a hostile one costs little. Ignore files are
 * read only when they are regular files (a link or FIFO is skipped, so none can stall or redirect
 * the read). Never throws.
 */
export class IgnoreFiles {
  /** Per folder (relative to `base`): the rules in force there, outermost file first. */
  private readonly chains = new Map<string, readonly Rules[]>();

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
    const rel = ignoreRelativePath(this.base, file);
    if (rel === undefined) return false;
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
   * force in the folder `dirRel`; the caller has checked its parents. Used by the folder walk. As in
   * git, the deepest file with a matching pattern decides, and within a file the last match.
   */
  test(dirRel: string, childRel: string): boolean {
    const chain = this.chainFor(dirRel);
    for (let i = chain.length - 1; i >= 0; i--) {
      const rules = chain[i];
      if (!rules) continue;
      try {
        const r = rules.test(childRel);
        if (r.ignored) return true;
        if (r.unignored) return false;
      } catch {
        /* a pattern the package cannot take: this file says nothing */
      }
    }
    return false;
  }

  private chainFor(dirRel: string): readonly Rules[] {
    const cached = this.chains.get(dirRel);
    if (cached) return cached;
    let chain: Rules[];
    if (dirRel === '') {
      chain = [this.gitDir ? compile(readIgnoreText(path.join(this.gitDir, 'info', 'exclude')), '') : undefined];
    } else {
      const slash = dirRel.lastIndexOf('/');
      chain = [...this.chainFor(slash < 0 ? '' : dirRel.slice(0, slash))];
    }
    const own = compile(
      readIgnoreText(path.join(this.base, ...(dirRel ? dirRel.split('/') : []), '.gitignore')),
      dirRel,
    );
    if (own) chain.push(own);
    this.chains.set(dirRel, chain);
    return chain;
  }
}

/**
 * `file` as ignore patterns see it: relative to `base`, `/`-separated; undefined for `base` itself
 * and for a file outside it (on another drive too). `p` is for tests (`path.win32`).
 *
 * @example
 * ignoreRelativePath('C:\\repo', 'C:\\repo\\sub\\.env', path.win32) // 'sub/.env'
 */
export function ignoreRelativePath(base: string, file: string, p: PlatformPath = path): string | undefined {
  if (!isWithin(base, file, p)) return undefined;
  const rel = slashRelative(base, file, p);
  return rel === '' ? undefined : rel;
}

/** The text of an ignore file when it is a regular file ('' otherwise): no link followed, no FIFO waited on. */
export function readIgnoreText(file: string): string {
  return readSmallFile(file, MAX_IGNORE_FILE_BYTES) ?? '';
}

/**
 * One ignore file's patterns made relative to `base` and compiled, without those the `ignore`
 * package cannot take (tried together first; one by one only when that fails). Undefined when the
 * file holds none.
 */
function compile(text: string, dirRel: string): Rules {
  const patterns = gitignoreRelativeTo(text, dirRel)
    .filter((p) => p.length <= MAX_PATTERN_CHARS)
    .slice(0, MAX_PATTERNS_PER_FILE);
  if (!patterns.length) return undefined;
  const usable = (ps: string[]) => {
    try {
      const ig = ignore().add(ps);
      ig.ignores('x');
      return ig;
    } catch {
      return undefined;
    }
  };
  return usable(patterns) ?? usable(patterns.filter((p) => usable([p]) !== undefined));
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
