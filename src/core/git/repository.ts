import fs from 'node:fs';
import path from 'node:path';
import { isWithin } from '../paths';
import { readSmallFile } from '../readSmallFile';

/** A git repository as found by reading the file system: its work tree's top and its git directory. */
export interface GitRepository {
  /** The work tree's top folder (absolute). */
  top: string;
  /** The git directory (`<top>/.git`, or where a `.git` file points for worktrees and submodules). */
  gitDir: string;
}

export interface FindRepositoryOptions {
  /**
   * The highest folder to look in (inclusive): the editor passes the workspace folder, so a
   * repository above it is never used. Without it, the search goes up to the file system's root.
   */
  ceiling?: string;
}

/** A `.git` file is one line (`gitdir: <path>`); anything longer is not one. */
const MAX_GIT_FILE_BYTES = 4096;

/**
 * Finds the repository holding `dir` by looking for a `.git` folder (with a HEAD) or a `.git` file
 * (`gitdir: …`) from `dir` upwards, without running git. Unlike git's own discovery it never takes
 * a folder for a bare repository, so a repository committed as plain files (`evil/HEAD`,
 * `evil/config`) is never picked up: the enclosing repository is found instead. Symbolic links named
 * `.git` are not followed. Returns undefined when there is none up to the ceiling; never throws.
 *
 * @example
 * findRepository('/src/app/lib', { ceiling: '/src/app' })?.top // '/src/app'
 */
export function findRepository(dir: string, opts: FindRepositoryOptions = {}): GitRepository | undefined {
  let current = path.resolve(dir);
  const ceiling = opts.ceiling === undefined ? undefined : path.resolve(opts.ceiling);
  if (ceiling !== undefined && !isWithin(ceiling, current)) return undefined;
  for (;;) {
    const found = gitDirAt(current);
    if (found) return { top: current, gitDir: found };
    const parent = path.dirname(current);
    if (parent === current || current === ceiling) return undefined;
    current = parent;
  }
}

function gitDirAt(dir: string): string | undefined {
  const dotGit = path.join(dir, '.git');
  let st: fs.Stats;
  try {
    st = fs.lstatSync(dotGit);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return isRegularFile(path.join(dotGit, 'HEAD')) ? dotGit : undefined;
  if (!st.isFile() || st.size > MAX_GIT_FILE_BYTES) return undefined;
  const text = readSmallFile(dotGit, MAX_GIT_FILE_BYTES);
  const m = /^gitdir: ?([^\r\n]+)/.exec(text ?? '');
  if (!m?.[1]) return undefined;
  const target = path.resolve(dir, m[1].trim());
  try {
    return fs.statSync(target).isDirectory() && isRegularFile(path.join(target, 'HEAD')) ? target : undefined;
  } catch {
    return undefined;
  }
}

function isRegularFile(file: string): boolean {
  try {
    return fs.lstatSync(file).isFile();
  } catch {
    return false;
  }
}
