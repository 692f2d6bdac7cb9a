import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCodes } from '../core/errors';
import { type FileResult, type LocatedFinding, resultPath, scanBytes } from '../core/scanner/engine';
import { type GitRepository, findRepository } from '../core/git/repository';
import { runGit, runGitBytes } from '../core/git/run';
import { type FilePath, isBinary, listFiles } from '../core/scanner/files';
import { escapeText } from '../core/text/escape';
import { type HistoryFinding, scanHistory } from '../core/scanner/history';
import { scanFilesParallel } from '../core/scanner/pool';
import type { CliIo } from './io';
import { optimiseLaterForSharedCores, scanSharesCores } from './tiering';

/** What a scan looks at: files (the working tree), the index, or the lines commits added. */
export type ScanSource =
  | { kind: 'tree'; paths: string[]; noIgnore: boolean; jobs: number }
  | { kind: 'staged' }
  | { kind: 'history'; since?: string; branches: boolean };

/** A finding as reported: its place (paths relative to the current folder, `/`-separated), and where it came from. */
export type ScanFinding = LocatedFinding & Partial<Pick<HistoryFinding, 'commit' | 'author' | 'date' | 'commits'>>;

export interface ScanSummary {
  findings: ScanFinding[];
  scanned: number;
  skipped: { path: string; why: string }[];
  bytes: number;
  /** --history: commits read. */
  commits?: number;
  /** Reads the text a finding was found in (the file, the staged blob or the commit's version). */
  contentOf(f: ScanFinding): string;
}

function summarise(results: Iterable<FileResult>): Omit<ScanSummary, 'contentOf'> {
  const summary: Omit<ScanSummary, 'contentOf'> = { findings: [], scanned: 0, skipped: [], bytes: 0 };
  for (const r of results) {
    if (r.kind === 'skipped') {
      summary.skipped.push({ path: r.path, why: r.why });
      continue;
    }
    summary.scanned++;
    summary.bytes += r.bytes;
    summary.findings.push(...r.findings);
  }
  return summary;
}

function gitRepository(cwd: string, what: string): GitRepository {
  const repo = findRepository(cwd);
  if (!repo) throw new AppError(ErrorCodes.io, `${what} needs a git repository; this folder is not in one`);
  return repo;
}

/** A blob's bytes as stored (`cat-file blob`: no textconv or filter runs). */
function gitShow(repo: GitRepository, spec: string): Buffer {
  const bytes = runGitBytes(repo, ['cat-file', 'blob', spec], { maxBuffer: 256 * 1024 * 1024 });
  if (bytes === undefined) throw new AppError(ErrorCodes.io, `git could not read ${spec.slice(0, 200)}`);
  return bytes;
}

/** The staged content of each added, copied, modified or renamed file: what the commit will hold. */
function* stagedResults(cwd: string, repo: GitRepository, maxFileSize: number, salt: string): Generator<FileResult> {
  const top = repo.top;
  const listed = runGit(repo, ['diff', '--cached', '--name-only', '-z', '--no-renames', '--diff-filter=ACMR']);
  if (listed === undefined) throw new AppError(ErrorCodes.io, 'git could not list the staged files');
  for (const rel of listed.split('\0').filter(Boolean)) {
    const shown = resultPath(cwd, path.join(top, rel));
    const bytes = gitShow(repo, `:${rel}`);
    if (bytes.length > maxFileSize) yield { path: shown, kind: 'skipped', why: `larger than ${maxFileSize} bytes` };
    else if (isBinary(bytes)) yield { path: shown, kind: 'skipped', why: 'binary' };
    else
      yield {
        path: shown,
        kind: 'scanned',
        bytes: bytes.length,
        truncated: false,
        findings: scanBytes(bytes, shown, { salt }),
      };
  }
}

/** Scans a source; `salt` keys the secret hashes (the baseline's salt when there is one). */
export async function scanSource(
  source: ScanSource,
  opts: { maxFileSize: number; salt: string },
  io: CliIo,
): Promise<ScanSummary> {
  const cwd = process.cwd();
  if (scanSharesCores(source)) optimiseLaterForSharedCores();
  if (source.kind === 'staged') {
    const repo = gitRepository(cwd, '--staged');
    const summary = summarise(stagedResults(cwd, repo, opts.maxFileSize, opts.salt));
    const repoPath = (f: ScanFinding) => path.relative(repo.top, path.resolve(cwd, f.path)).split(path.sep).join('/');
    return { ...summary, contentOf: (f) => gitShow(repo, `:${repoPath(f)}`).toString('utf8') };
  }
  if (source.kind === 'history') {
    const h = await scanHistory(cwd, { ...source, salt: opts.salt, maxBytes: opts.maxFileSize });
    for (const t of h.truncated.slice(0, 5))
      io.stderr(`payapi scan: only the first ${opts.maxFileSize} bytes added to ${escapeText(t)} were scanned\n`);
    const findings = h.findings.map((f) => ({ ...f, path: resultPath(cwd, path.join(h.top, f.path)) }));
    const repoPath = (f: ScanFinding) => path.relative(h.top, path.resolve(cwd, f.path)).split(path.sep).join('/');
    return {
      findings,
      scanned: 0,
      skipped: [],
      bytes: h.bytes,
      commits: h.commits,
      contentOf: (f) =>
        gitShow(gitRepository(h.top, '--history'), `${f.commit ?? 'HEAD'}:${repoPath(f)}`).toString('utf8'),
    };
  }
  const ignoredEnv: (() => FilePath[])[] = [];
  const list = () => {
    const files: FilePath[] = [];
    for (const p of source.paths) {
      const listed = listFiles(p, { noIgnore: source.noIgnore });
      if (listed.source === 'gitignore') {
        io.stderr(
          `payapi scan: ${escapeText(p)} is not in a git repository: ` +
            `its .gitignore files apply, but not git's global excludes\n`,
        );
      }
      for (const f of listed.files) files.push(f);
      ignoredEnv.push(listed.ignoredEnv);
    }
    return files;
  };
  const workerScript = path.join(__dirname, 'scanWorker.js');
  // The workers start before the list is made, and load while it is.
  const results = await scanFilesParallel(
    list,
    { maxBytes: opts.maxFileSize, overCap: 'skip', relativeTo: cwd, salt: opts.salt },
    { jobs: source.jobs, workerScript, ignoredEnv: () => ignoredEnv.flatMap((f) => f()) },
  );
  return { ...summarise(results), contentOf: (f) => fs.readFileSync(path.resolve(cwd, f.path), 'utf8') };
}

/** The text of a finding (its secret), cut from the content it was found in by line and column. */
export function secretAt(text: string, f: Pick<LocatedFinding, 'line' | 'column' | 'endLine' | 'endColumn'>): string {
  const offset = (line: number, column: number) => {
    let start = 0;
    for (let l = 1; l < line; l++) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) return text.length;
      start = nl + 1;
    }
    return start + column - 1;
  };
  return text.slice(offset(f.line, f.column), offset(f.endLine, f.endColumn));
}
