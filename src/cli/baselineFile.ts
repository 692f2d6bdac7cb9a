import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCodes } from '../core/errors';
import { BASELINE_FILE, type Baseline, BaselineIndex, baselinePath, parseBaseline } from '../core/scanner/baseline';
import { git } from '../core/scanner/files';
import type { ScanFinding } from './scanSources';

/** Where the baseline lives by default: the top of the repository, or the current folder outside git. */
export function defaultBaselinePath(cwd: string): string {
  const top = git(['rev-parse', '--show-toplevel'], cwd)?.trim();
  return path.join(top || cwd, BASELINE_FILE);
}

/** Reads a baseline file; undefined when it does not exist, an error naming the problem when it is malformed. */
export function readBaselineFile(file: string): Baseline | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return undefined;
    throw new AppError(ErrorCodes.io, `Cannot read the baseline ${file}: ${(e as { code?: string }).code ?? 'error'}`);
  }
  return parseBaseline(text, path.basename(file));
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
