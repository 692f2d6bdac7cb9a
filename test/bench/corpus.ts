// Realistic workloads for the bench: a git repository of about 10,000 files of code nobody here
// wrote (packages copied out of this project's node_modules), as TESTING.md describes.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Copies whole packages from `nodeModules` until about `targetFiles` files, then commits them. */
export function makeGitRepository(
  nodeModules: string,
  targetFiles = 10_000,
): { dir: string; files: number; bytes: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payapi-bench-repo-'));
  let files = 0;
  let bytes = 0;
  const copy = (from: string, to: string) => {
    fs.mkdirSync(to, { recursive: true });
    for (const e of fs.readdirSync(from, { withFileTypes: true })) {
      const a = path.join(from, e.name);
      const b = path.join(to, e.name === 'node_modules' ? 'vendored_modules' : e.name);
      if (e.isDirectory()) copy(a, b);
      else if (e.isFile()) {
        fs.copyFileSync(a, b);
        files++;
        bytes += fs.statSync(a).size;
      }
    }
  };
  const packages = fs
    .readdirSync(nodeModules)
    .filter((n) => !n.startsWith('.'))
    .flatMap((n) => (n.startsWith('@') ? fs.readdirSync(path.join(nodeModules, n)).map((m) => `${n}/${m}`) : [n]))
    .sort();
  for (const p of packages) {
    if (files >= targetFiles) break;
    copy(path.join(nodeModules, p), path.join(dir, 'packages', p));
  }
  fs.writeFileSync(path.join(dir, '.gitignore'), 'node_modules/\n*.log\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-q', '-m', 'corpus');
  return { dir, files, bytes };
}
