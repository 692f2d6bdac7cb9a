import fs from 'node:fs';
import { availableParallelism } from 'node:os';
import { AppError, ErrorCodes } from '../core/errors';
import { newSalt } from '../core/scanner/fingerprint';
import { escapeText } from '../core/text/escape';
import { shownPath } from '../core/text/pathArg';
import { defaultBaselinePath, loadBaseline } from './baselineFile';
import { quotedValue } from '../core/text/quoted';
import { type CliIo, ExitCodes, type Subcommand, parseOptions, usageError } from './io';
import { type ReportedFinding, failsRun, renderReport, summaryLine } from './scanReport';
import { type ScanSource, scanSource } from './scanSources';
import { instanceUsage, verifyFindings, verifyOptions, verifySettingsOf } from './scanVerify';
import { PROVIDERS, liveProviders } from '../core/providers/registry';

/** "Helcim, Gr4vy or Stripe" (`or`) or "Helcim and Gr4vy" (`and`). */
function namesList(names: readonly string[], word: 'and' | 'or'): string {
  return names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} ${word} ${names.at(-1) ?? ''}`;
}

const usage = () => `Usage: payapi scan [PATH...] [--format text|json|sarif] [--output FILE] [--no-ignore] [--jobs N]
                   [--max-file-size BYTES] [--baseline FILE | --no-baseline]
       payapi scan --staged [options]
       payapi scan --history [--since REV] [--branches] [options]
       payapi scan ... --verify [--yes] ${instanceUsage()}
  Scans files for payment secrets (${namesList(
    PROVIDERS.map((p) => p.displayName),
    'and',
  )} credentials, private keys, signed JWTs, and the
  keys of 13 other payment providers). Inside a git repository, files ignored by git are skipped
  (--no-ignore scans them too). --staged scans what is staged for the next commit (pre-commit hooks).
  --history scans the lines every commit added (HEAD's history; --branches: every local branch;
  --since REV: only commits after REV) and reports each secret once, with the commits that added it.
  --jobs N scans on N worker threads (default: the number of cores).
  A baseline (.payapi-baseline.json at the top of the repository, or --baseline FILE; written by
  'payapi baseline') lists accepted findings: they are reported as baselined and do not fail the run.
  --verify asks, for each ${namesList(
    liveProviders().map((p) => p.displayName),
    'or',
  )} secret found, whether to make one read-only call to
  learn if it is still live (--yes: ask nothing, for CI; --verify-base-url PROVIDER=URL redirects it).
  Output never contains a secret: only its last four characters.
  Exit codes: 0 no error or warning findings (baselined ones aside), 1 findings, 2 usage or I/O error.`;

const DEFAULT_MAX_FILE = 10 * 1024 * 1024;

/** --jobs: a whole number from 1 to 64; default the machine's cores. */
function jobsOf(v: string | undefined): number {
  if (v === undefined) return Math.max(1, Math.min(availableParallelism(), 64));
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    usageError(`--jobs must be a whole number from 1 to 64 (got ${quotedValue(v)})`);
  return n;
}

export const SOURCE_OPTIONS = {
  'max-file-size': { type: 'string' },
  jobs: { type: 'string' },
  'no-ignore': { type: 'boolean' },
  staged: { type: 'boolean' },
  history: { type: 'boolean' },
  since: { type: 'string' },
  branches: { type: 'boolean' },
} as const;

/** Reads where to scan from the options; usage errors for combinations that make no sense. */
export function sourceOf(
  values: { staged?: boolean; history?: boolean; since?: string; branches?: boolean } & Record<string, unknown>,
  positionals: string[],
): { source: ScanSource; maxFileSize: number } {
  const maxFileSize = values['max-file-size'] === undefined ? DEFAULT_MAX_FILE : Number(values['max-file-size']);
  if (!Number.isInteger(maxFileSize) || maxFileSize <= 0) usageError('--max-file-size must be a whole number of bytes');
  if (values.staged && values.history) usageError('--staged and --history scan different things: give one');
  if ((values.staged || values.history) && positionals.length)
    usageError(`--${values.staged ? 'staged' : 'history'} scans the repository: give no paths with it`);
  if (!values.history && (values.since !== undefined || values.branches))
    usageError('--since and --branches go with --history');
  const jobs = jobsOf(values.jobs as string | undefined);
  if (values.staged) return { source: { kind: 'staged' }, maxFileSize };
  if (values.history)
    return {
      source: { kind: 'history', branches: values.branches === true, ...(values.since ? { since: values.since } : {}) },
      maxFileSize,
    };
  const paths = positionals.length ? positionals : ['.'];
  return { source: { kind: 'tree', paths, noIgnore: values['no-ignore'] === true, jobs }, maxFileSize };
}

function write(io: CliIo, file: string, text: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (e) {
    throw new AppError(ErrorCodes.io, `Cannot write ${escapeText(file)}: ${(e as { code?: string }).code ?? 'error'}`);
  }
  io.stderr(`payapi: written to ${escapeText(file)}\n`);
}

export const scanCommand: Subcommand = {
  summary: 'find payment secrets in files, staged changes or git history (text, JSON or SARIF)',
  get usage() {
    return usage();
  },
  async run(args, io) {
    const { values, positionals } = parseOptions(args, {
      format: { type: 'string' },
      output: { type: 'string' },
      baseline: { type: 'string' },
      'no-baseline': { type: 'boolean' },
      ...SOURCE_OPTIONS,
      ...verifyOptions(),
    });
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json' && format !== 'sarif')
      usageError(`--format must be text, json or sarif (got ${quotedValue(format)})`);
    if (values.baseline !== undefined && values['no-baseline']) usageError('--baseline and --no-baseline conflict');
    const { source, maxFileSize } = sourceOf(values, positionals);
    const verify = values.verify ? verifySettingsOf(values, io) : undefined;
    const verifyOnly = Object.keys(values).filter((k) => k === 'yes' || k.endsWith('-instance'));
    if (!values.verify && verifyOnly.length)
      usageError(
        `${verifyOnly.map((k) => `--${k}`).join(' and ')} ${verifyOnly.length > 1 ? 'go' : 'goes'} with --verify`,
      );
    const cwd = process.cwd();
    const baseline = values['no-baseline'] ? undefined : loadBaseline(values.baseline ?? defaultBaselinePath(cwd), cwd);
    if (values.baseline !== undefined && !baseline)
      throw new AppError(
        ErrorCodes.io,
        `The baseline ${shownPath(values.baseline)} does not exist: write it with 'payapi baseline'`,
      );
    const summary = await scanSource(source, { maxFileSize, salt: baseline?.index.salt ?? newSalt() }, io);
    const findings: ReportedFinding[] = summary.findings.map((f) => (baseline?.has(f) ? { ...f, baselined: true } : f));
    if (verify) await verifyFindings(findings, summary, verify, io);
    const report = { format, summary, findings, ...(baseline ? { baselineFile: baseline.file } : {}) } as const;
    const out = renderReport(report);
    if (values.output) {
      write(io, values.output, out);
      if (format === 'text') io.stdout(`${summaryLine(report)}\n`);
    } else {
      io.stdout(out);
    }
    return failsRun(findings) ? ExitCodes.failure : ExitCodes.ok;
  },
};
