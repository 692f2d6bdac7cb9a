import path, { type PlatformPath } from 'node:path';

// Path logic shared by the scanner, git and the baseline, with the path implementation as a
// parameter: the default is this system's, and tests pass `path.win32` to check Windows paths on
// any machine. git, .gitignore files, baselines and SARIF write paths with `/`; on POSIX a `\` is
// part of a name, on Windows it is the separator.

/**
 * A relative path of this system written with `/` (a `\` in a POSIX name stays). Never throws.
 *
 * @example
 * slashPath('src\\a.ts', path.win32) // 'src/a.ts'
 */
export function slashPath(rel: string, p: PlatformPath = path): string {
  return p.sep === '/' ? rel : rel.split(p.sep).join('/');
}

/**
 * The names along a `/`-separated relative path (as {@link slashPath} and git write it), to join
 * under a folder: only `/` separates, so a `\` stays in its name (on POSIX it is part of a name; on
 * Windows `slashPath` left none). Never throws.
 *
 * @example
 * slashSegments('src/a\\b.ts') // ['src', 'a\\b.ts']
 */
export function slashSegments(rel: string): string[] {
  return rel.split('/');
}

/**
 * `to` relative to `from`, `/`-separated. Never throws.
 *
 * @example
 * slashRelative('C:\\repo', 'C:\\repo\\src\\a.ts', path.win32) // 'src/a.ts'
 */
export function slashRelative(from: string, to: string, p: PlatformPath = path): string {
  return slashPath(p.relative(from, to), p);
}

/**
 * Whether `child` is `parent` or inside it (both absolute; compared as written, no links resolved;
 * on Windows without regard to case, and never across drives). A name that starts with two dots
 * (`..cache`) is inside. Never throws.
 *
 * @example
 * isWithin('/src/app', '/src/app/..cache/x') // true
 * isWithin('C:\\app', 'D:\\app\\x', path.win32) // false
 */
export function isWithin(parent: string, child: string, p: PlatformPath = path): boolean {
  const rel = p.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${p.sep}`) && !p.isAbsolute(rel));
}

/**
 * The path of a file git names relative to a work tree's top (`/`-separated) on this system, by
 * plain concatenation (no normalisation: a name is kept exactly as git gave it). A top that ends
 * in a separator (a drive's root, `/`) gets no second one. Never throws.
 *
 * @example
 * underTop('C:\\', 'src/a.ts', path.win32) // 'C:\\src\\a.ts'
 */
export function underTop(top: string, topRel: string, p: PlatformPath = path): string {
  const base = top.endsWith(p.sep) ? top : `${top}${p.sep}`;
  return `${base}${p.sep === '/' ? topRel : topRel.split('/').join(p.sep)}`;
}
