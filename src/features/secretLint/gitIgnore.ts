import { execFile } from 'node:child_process';
import path from 'node:path';

/**
 * Whether git ignores a file, asked of git itself (`git check-ignore`), cached per path until
 * `clear()`. A file outside a repository, or with no git installed, is not ignored.
 */
export class GitIgnoreCache {
  private readonly cache = new Map<string, Promise<boolean>>();

  isIgnored(file: string): Promise<boolean> {
    let p = this.cache.get(file);
    if (!p) {
      p = new Promise<boolean>((resolve) => {
        execFile(
          'git',
          ['check-ignore', '-q', '--', path.basename(file)],
          { cwd: path.dirname(file), timeout: 5000 },
          (err) => {
            // Exit 0: ignored. 1: not ignored. 128: not a repository (or no git): treated as not ignored.
            resolve(!err);
          },
        );
      });
      this.cache.set(file, p);
    }
    return p;
  }

  clear(): void {
    this.cache.clear();
  }
}
