import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { AppError, ErrorCodes } from '../core/errors';
import { RULES } from '../core/scanner/rules';
import { type LocatedFinding, toSarif } from '../core/scanner/sarif';
import { locate, relevantRules, scan } from '../core/scanner/scan';
import { type CliIo, ExitCodes, type Subcommand, parseOptions, usageError } from './io';

const USAGE = `Usage: payapi scan [PATH...] [--format text|json|sarif] [--output FILE] [--no-ignore] [--staged]
                   [--max-file-size BYTES]
  Scans files for payment secrets (Helcim and Gr4vy credentials, private keys, signed JWTs, and the
  keys of 17 other payment providers). Inside a git repository, files ignored by git are skipped
  (--no-ignore scans them too); --staged scans what is staged for the next commit (for pre-commit
  hooks). Output never contains a secret: only its last four characters.
  Exit codes: 0 no error or warning findings, 1 findings, 2 usage or I/O error.`;

const DEFAULT_MAX_FILE = 10 * 1024 * 1024;
const SKIP_DIRS = new Set(['.git', '.hg', '.svn']);

/** A file to scan; `read` returns undefined when the file is larger than `max` bytes (not read at all). */
interface Source {
  path: string;
  read: (max: number) => string | Buffer | undefined;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return undefined;
  }
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    // Plain concatenation: path.join normalises every name, which costs more than the scan of most files.
    const p = `${dir}${path.sep}${e.name}`;
    if (e.isDirectory()) {
      if (!SKIP_DIRS.has(e.name)) walk(p, out);
    } else if (e.isFile()) out.push(p);
  }
}

/** The files to scan under `target`: git's view (tracked and untracked, not ignored) unless --no-ignore. */
function listFiles(target: string, noIgnore: boolean, io: CliIo): Source[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    throw new AppError(ErrorCodes.io, `${target}: no such file or folder`);
  }
  if (stat.isFile()) return [{ path: target, read: (max) => readInto(target, max) }];
  const files: string[] = [];
  const inRepo = !noIgnore && git(['rev-parse', '--is-inside-work-tree'], target)?.trim() === 'true';
  if (inRepo) {
    const listed = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', '.'], target) ?? '';
    for (const rel of listed.split('\0')) if (rel) files.push(`${target}${path.sep}${rel}`);
  } else {
    if (!noIgnore)
      io.stderr(`payapi scan: ${target} is not in a git repository, so no .gitignore applies; scanning every file\n`);
    walk(target, files);
  }
  return files.map((p) => ({ path: p, read: (max) => readInto(p, max) }));
}

/** One buffer reused for every file that fits: no allocation (or garbage) per file. */
let scratch = Buffer.allocUnsafe(4 * 1024 * 1024);
/** Reads a file into the scratch buffer (grown when needed); the result is valid until the next call. */
function readInto(file: string, max: number): Buffer | undefined {
  const fd = fs.openSync(file, 'r');
  try {
    if (fs.fstatSync(fd).size > max) return undefined;
    let n = 0;
    for (;;) {
      if (n === scratch.length) {
        const bigger = Buffer.allocUnsafe(scratch.length * 2);
        scratch.copy(bigger, 0, 0, n);
        scratch = bigger;
      }
      const r = fs.readSync(fd, scratch, n, scratch.length - n, null);
      if (r === 0) return scratch.subarray(0, n);
      n += r;
    }
  } finally {
    fs.closeSync(fd);
  }
}

function stagedFiles(cwd: string): Source[] {
  const top = git(['rev-parse', '--show-toplevel'], cwd)?.trim();
  if (!top) throw new AppError(ErrorCodes.io, '--staged needs a git repository');
  const names = (git(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], top) ?? '')
    .split('\0')
    .filter(Boolean);
  return names.map((rel) => ({
    path: path.join(top, rel),
    // The staged content, not the working tree's: that is what the commit will hold.
    read: () => execFileSync('git', ['show', `:${rel}`], { cwd: top, maxBuffer: 256 * 1024 * 1024 }),
  }));
}

export interface ScanSummary {
  findings: LocatedFinding[];
  scanned: number;
  skipped: { path: string; why: string }[];
  bytes: number;
}

/** Scans sources; binary files and files over the size cap are skipped and reported. */
export function scanSources(sources: Source[], maxFileSize: number, relativeTo: string): ScanSummary {
  const summary: ScanSummary = { findings: [], scanned: 0, skipped: [], bytes: 0 };
  for (const s of sources) {
    const rel = path.relative(relativeTo, s.path) || s.path;
    let buf: string | Buffer | undefined;
    try {
      buf = s.read(maxFileSize);
    } catch (e) {
      summary.skipped.push({ path: rel, why: `unreadable (${(e as { code?: string }).code ?? 'error'})` });
      continue;
    }
    const bytes = buf === undefined ? Infinity : typeof buf === 'string' ? Buffer.byteLength(buf) : buf.length;
    if (buf === undefined || bytes > maxFileSize) {
      summary.skipped.push({ path: rel, why: `larger than ${maxFileSize} bytes` });
      continue;
    }
    if (typeof buf !== 'string' && buf.subarray(0, 8000).includes(0)) {
      summary.skipped.push({ path: rel, why: 'binary' });
      continue;
    }
    summary.scanned++;
    summary.bytes += bytes;
    // Most files hold no rule's anchor: tell from a latin1 view and skip decoding them at all.
    const rules = relevantRules(typeof buf === 'string' ? buf : buf.toString('latin1'));
    if (rules.size === 0) continue;
    const text = typeof buf === 'string' ? buf : buf.toString('utf8');
    const found = scan(text, { rules: RULES.filter((r) => rules.has(r)) });
    if (found.length === 0) continue;
    const places = locate(
      text,
      found.flatMap((f) => [f.start, f.end]),
    );
    found.forEach((f, i) => {
      const a = places[2 * i] ?? { line: 1, column: 1 };
      const b = places[2 * i + 1] ?? a;
      summary.findings.push({
        path: rel,
        line: a.line,
        column: a.column,
        endLine: b.line,
        endColumn: b.column,
        ruleId: f.ruleId,
        severity: f.severity,
        message: f.message,
        preview: f.preview,
      });
    });
  }
  return summary;
}

export const scanCommand: Subcommand = {
  summary: 'find payment secrets in files (text, JSON or SARIF output)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      format: { type: 'string' },
      output: { type: 'string' },
      'max-file-size': { type: 'string' },
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
    const cwd = process.cwd();
    const sources = values.staged
      ? stagedFiles(cwd)
      : (positionals.length ? positionals : ['.']).flatMap((p) => listFiles(p, values['no-ignore'] === true, io));
    const summary = scanSources(sources, maxFileSize, cwd);
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
