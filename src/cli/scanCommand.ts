import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCodes } from '../core/errors';
import { availableParallelism } from 'node:os';
import { type FileResult, type LocatedFinding, scanBytes } from '../core/scanner/engine';
import { git, isBinary, listFiles } from '../core/scanner/files';
import { scanFilesParallel } from '../core/scanner/pool';
import { toSarif } from '../core/scanner/sarif';
import { type CliIo, ExitCodes, type Subcommand, parseOptions, usageError } from './io';

const USAGE = `Usage: payapi scan [PATH...] [--format text|json|sarif] [--output FILE] [--no-ignore] [--staged]
                   [--max-file-size BYTES] [--jobs N]
  Scans files for payment secrets (Helcim and Gr4vy credentials, private keys, signed JWTs, and the
  keys of 13 other payment providers). Inside a git repository, files ignored by git are skipped
  (--no-ignore scans them too); --staged scans what is staged for the next commit (for pre-commit
  hooks). --jobs N scans on N worker threads (default: the number of cores). Output never contains a
  secret: only its last four characters.
  Exit codes: 0 no error or warning findings, 1 findings, 2 usage or I/O error.`;

const DEFAULT_MAX_FILE = 10 * 1024 * 1024;

/** The staged content of each added, copied, modified or renamed file: what the commit will hold. */
function* stagedResults(cwd: string, maxFileSize: number): Generator<FileResult> {
  const top = git(['rev-parse', '--show-toplevel'], cwd)?.trim();
  if (!top) throw new AppError(ErrorCodes.io, '--staged needs a git repository');
  const names = (git(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], top) ?? '').split('\0');
  for (const rel of names.filter(Boolean)) {
    const shown = path.relative(cwd, path.join(top, rel)) || rel;
    const bytes = execFileSync('git', ['show', `:${rel}`], { cwd: top, maxBuffer: 256 * 1024 * 1024 });
    if (bytes.length > maxFileSize) yield { path: shown, kind: 'skipped', why: `larger than ${maxFileSize} bytes` };
    else if (isBinary(bytes)) yield { path: shown, kind: 'skipped', why: 'binary' };
    else
      yield { path: shown, kind: 'scanned', bytes: bytes.length, truncated: false, findings: scanBytes(bytes, shown) };
  }
}

export interface ScanSummary {
  findings: LocatedFinding[];
  scanned: number;
  skipped: { path: string; why: string }[];
  bytes: number;
}

function summarise(results: Iterable<FileResult>): ScanSummary {
  const summary: ScanSummary = { findings: [], scanned: 0, skipped: [], bytes: 0 };
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

/** --jobs: a whole number from 1 to 64; default the machine's cores. */
function jobsOf(v: string | undefined): number {
  if (v === undefined) return Math.max(1, Math.min(availableParallelism(), 64));
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64) usageError(`--jobs must be a whole number from 1 to 64 (got "${v}")`);
  return n;
}

/** Lists and scans the paths, on worker threads when there are enough files to share out. */
async function scanPaths(paths: string[], opts: { noIgnore: boolean; maxFileSize: number; jobs: number }, io: CliIo) {
  const cwd = process.cwd();
  const files: string[] = [];
  for (const p of paths) {
    const listed = listFiles(p, { noIgnore: opts.noIgnore });
    if (listed.source === 'gitignore') {
      io.stderr(
        `payapi scan: ${p} is not in a git repository: its .gitignore files apply, but not git's global excludes\n`,
      );
    }
    files.push(...listed.files);
  }
  const workerScript = path.join(__dirname, 'scanWorker.js');
  return summarise(
    await scanFilesParallel(
      files,
      { maxBytes: opts.maxFileSize, overCap: 'skip', relativeTo: cwd },
      { jobs: opts.jobs, workerScript },
    ),
  );
}

export const scanCommand: Subcommand = {
  summary: 'find payment secrets in files (text, JSON or SARIF output)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      format: { type: 'string' },
      output: { type: 'string' },
      'max-file-size': { type: 'string' },
      jobs: { type: 'string' },
      'no-ignore': { type: 'boolean' },
      staged: { type: 'boolean' },
    });
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json' && format !== 'sarif')
      usageError(`--format must be text, json or sarif (got "${format}")`);
    const maxFileSize = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE : Number(values['max-file-size']);
    if (!Number.isInteger(maxFileSize) || maxFileSize <= 0)
      usageError('--max-file-size must be a whole number of bytes');
    if (values.staged && positionals.length) usageError('--staged scans the index: give no paths with it');
    const jobs = jobsOf(values.jobs);
    const summary = values.staged
      ? summarise(stagedResults(process.cwd(), maxFileSize))
      : await scanPaths(
          positionals.length ? positionals : ['.'],
          { noIgnore: values['no-ignore'] === true, maxFileSize, jobs },
          io,
        );
    let out: string;
    if (format === 'sarif') {
      out = `${JSON.stringify(toSarif(summary.findings), null, 2)}\n`;
    } else if (format === 'json') {
      const { findings, scanned: scannedFiles, skipped } = summary;
      out = `${JSON.stringify({ findings, scannedFiles, skipped }, null, 2)}\n`;
    } else {
      out = summary.findings
        .map((f) => `${f.path}:${f.line}:${f.column}: ${f.severity} ${f.ruleId}: ${f.message} (${f.preview})`)
        .join('\n');
      const errors = summary.findings.filter((f) => f.severity !== 'info').length;
      const n = summary.findings.length;
      const found = n === 0 ? 'No secrets found' : `${n} finding${n === 1 ? '' : 's'} (${errors} error or warning)`;
      const files = `${summary.scanned} file${summary.scanned === 1 ? '' : 's'}`;
      const skipped = summary.skipped.length ? `; skipped ${summary.skipped.length} (binary or too large)` : '';
      out += `${out ? '\n' : ''}${found} in ${files}${skipped}.\n`;
    }
    if (values.output) {
      try {
        fs.writeFileSync(values.output, out);
      } catch (e) {
        throw new AppError(ErrorCodes.io, `Cannot write ${values.output}: ${(e as { code?: string }).code ?? 'error'}`);
      }
      if (format !== 'text')
        io.stderr(
          `payapi scan: ${summary.findings.length} findings in ${summary.scanned} files, written to ${values.output}\n`,
        );
      else io.stdout(out.split('\n').filter(Boolean).at(-1) + '\n');
    } else {
      io.stdout(out);
    }
    return summary.findings.some((f) => f.severity !== 'info') ? ExitCodes.failure : ExitCodes.ok;
  },
};
