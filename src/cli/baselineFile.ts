import path from 'node:path';
import { BASELINE_FILE, BaselineIndex, baselinePath, readBaselineFile } from '../core/scanner/baseline';
import { findRepository } from '../core/git/repository';
import type { ScanFinding } from './scanSources';

/** Where the baseline lives by default: the top of the repository, or the current folder outside git. */
export function defaultBaselinePath(cwd: string): string {
  return path.join(findRepository(cwd)?.top ?? cwd, BASELINE_FILE);
}

/** A loaded baseline and how to ask it about findings whose paths are relative to `cwd`. */
export interface LoadedBaseline {
  file: string;
  index: BaselineIndex;
  entryOf(f: ScanFinding): { ruleId: string; path: string; secretHash: string };
  has(f: ScanFinding): boolean;
}

export function loadBaseline(file: string, cwd: string): LoadedBaseline | undefined {
  const b = readBaselineFile(file);
  if (!b) return undefined;
  const index = new BaselineIndex(b);
  const dir = path.dirname(path.resolve(cwd, file));
  const entryOf = (f: ScanFinding) => ({
    ruleId: f.ruleId,
    path: baselinePath(dir, path.resolve(cwd, f.path)),
    secretHash: f.secretHash ?? '',
  });
  const shown = path.relative(cwd, path.resolve(cwd, file)) || file;
  return { file: shown, index, entryOf, has: (f) => index.has(entryOf(f)) };
}
